/**
 * Tasks waiting for a token (`.waitForTaskToken`, activities): Approve sends SendTaskSuccess with the
 * JSON output typed here, Reject sends SendTaskFailure with an error and a cause. Human approval, from
 * the console.
 */
import { api, ApiFailure, enc } from "../../api.ts";
import { h, when } from "../../dom.ts";

interface WaitingTask {
  state: string;
  taskToken: string;
  resource: string;
  since: string;
  mapIndex?: number;
}

export async function drawWaiting(section: HTMLElement, arn: string, running: boolean, onAnswered: () => void): Promise<void> {
  const list = section.querySelector<HTMLElement>("#waiting-list")!;
  const tasks = running ? (await api<{ tasks: WaitingTask[] }>("GET", `/executions/${enc(arn)}/waiting-tasks`)).tasks : [];
  section.hidden = tasks.length === 0;
  // Keep a form the user is typing in: redraw only when the set of tasks changed.
  const key = tasks.map((t) => t.taskToken).join(" ");
  if (list.dataset.key === key) return;
  list.dataset.key = key;
  list.replaceChildren(...tasks.map((t, i) => taskForm(t, i, onAnswered)));
}

function taskForm(t: WaitingTask, i: number, onAnswered: () => void): HTMLElement {
  const output = h("textarea", { id: `approve-output-${i}`, rows: 3, class: "code", spellcheck: "false" }, '{"approved": true}');
  const error = h("input", { id: `reject-error-${i}`, value: "Rejected", maxlength: 256 });
  const cause = h("input", { id: `reject-cause-${i}`, value: "Rejected from the console" });
  const message = h("p", { class: "field-error", role: "alert" });
  const send = async (button: HTMLButtonElement, path: string, body: Record<string, unknown>) => {
    button.disabled = true;
    message.textContent = "";
    try {
      await api("POST", path, { taskToken: t.taskToken, ...body });
      message.textContent = "";
      onAnswered();
    } catch (err) {
      message.textContent = err instanceof ApiFailure ? `${err.error}: ${err.message}` : String(err);
      button.disabled = false;
    }
  };
  const approve: HTMLButtonElement = h(
    "button",
    { type: "button", class: "primary", "data-action": "send-task-success", "data-state": t.state },
    "Approve",
  );
  const reject: HTMLButtonElement = h(
    "button",
    { type: "button", class: "danger", "data-action": "send-task-failure", "data-state": t.state },
    "Reject",
  );
  approve.addEventListener("click", () => {
    try {
      JSON.parse(output.value);
    } catch (err) {
      message.textContent = `The output is not JSON: ${(err as Error).message}`;
      output.focus();
      return;
    }
    void send(approve, "/tasks/success", { output: output.value });
  });
  reject.addEventListener("click", () => void send(reject, "/tasks/failure", { error: error.value, cause: cause.value }));
  return h(
    "div",
    { class: "waiting-task", "data-waiting-state": t.state },
    h(
      "p",
      {},
      h("strong", {}, t.state),
      t.mapIndex !== undefined ? ` (iteration ${t.mapIndex})` : "",
      " waits for a task token since ",
      when(t.since),
      h("span", { class: "muted" }, ` · ${t.resource}`),
    ),
    h(
      "div",
      { class: "answer" },
      h("div", { class: "stack" }, h("label", { for: `approve-output-${i}` }, "Output (JSON)"), output, h("div", {}, approve)),
      h(
        "div",
        { class: "stack" },
        h("label", { for: `reject-error-${i}` }, "Error"),
        error,
        h("label", { for: `reject-cause-${i}` }, "Cause"),
        cause,
        h("div", {}, reject),
      ),
    ),
    message,
  );
}
