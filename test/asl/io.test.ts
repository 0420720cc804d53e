import { describe, expect, it } from "vitest";
import { machine, run, T0 } from "./helpers.ts";
import { runLocal } from "../../shared/asl/index.ts";

describe("input and output processing, in AWS's order", () => {
  it("applies InputPath, Parameters, ResultSelector, ResultPath, OutputPath", async () => {
    const r = await run(
      {
        T: {
          Type: "Task",
          Resource: "arn:aws:lambda:us-east-1:123456789012:function:f",
          InputPath: "$.order",
          Parameters: { "id.$": "$.id", fixed: "x", nested: { "qty.$": "$.qty" } },
          ResultSelector: { "total.$": "$.body.total" },
          ResultPath: "$.result",
          OutputPath: "$.result",
          End: true,
        },
      },
      { order: { id: 7, qty: 2 }, other: 1 },
      { handlers: { T: (input: any) => ({ body: { total: input.nested.qty * 10, seen: input } }) } },
    );
    expect(r.status).toBe("SUCCEEDED");
    expect(r.output).toEqual({ total: 20 });
  });

  it("ResultPath null keeps the input; a deep ResultPath creates the objects it needs", async () => {
    const r = await run(
      {
        A: { Type: "Pass", Result: 1, ResultPath: null, Next: "B" },
        B: { Type: "Pass", Result: 2, ResultPath: "$.x.y.z", End: true },
      },
      { keep: true },
    );
    expect(r.output).toEqual({ keep: true, x: { y: { z: 2 } } });
  });

  it("InputPath and OutputPath null give {}", async () => {
    const r = await run({ A: { Type: "Pass", InputPath: null, Next: "B" }, B: { Type: "Pass", OutputPath: null, End: true } }, { a: 1 });
    expect(r.output).toEqual({});
  });

  it("does not change the input it was given", async () => {
    const input = { a: { b: 1 } };
    await run({ A: { Type: "Pass", Result: 2, ResultPath: "$.a.c", End: true } }, input);
    expect(input).toEqual({ a: { b: 1 } });
  });

  it("exposes the context object with $$", async () => {
    const r = await run(
      {
        S: {
          Type: "Pass",
          Parameters: {
            "name.$": "$$.State.Name",
            "start.$": "$$.Execution.StartTime",
            "input.$": "$$.Execution.Input",
            "sm.$": "$$.StateMachine.Name",
          },
          End: true,
        },
      },
      { hello: 1 },
      { name: "exec-1", stateMachineName: "Orders" },
    );
    expect(r.output).toEqual({ name: "S", start: new Date(T0).toISOString(), input: { hello: 1 }, sm: "Orders" });
  });

  it("gives each Map item its index and value through $$.Map.Item", async () => {
    const r = await run(
      {
        M: {
          Type: "Map",
          ItemsPath: "$.xs",
          ItemSelector: { "i.$": "$$.Map.Item.Index", "v.$": "$$.Map.Item.Value", "tag.$": "$.tag" },
          ItemProcessor: { StartAt: "P", States: { P: { Type: "Pass", End: true } } },
          End: true,
        },
      },
      { xs: ["a", "b"], tag: "t" },
    );
    expect(r.output).toEqual([
      { i: 0, v: "a", tag: "t" },
      { i: 1, v: "b", tag: "t" },
    ]);
  });

  it("a missing path in Parameters is States.Runtime with AWS's cause", async () => {
    const r = await run({ P: { Type: "Pass", Parameters: { "v.$": "$.nope" }, End: true } }, { a: 1 });
    expect(r.error).toBe("States.Runtime");
    expect(r.cause).toBe(
      `An error occurred while executing the state 'P' (entered at the event id #2). The JSONPath '$.nope' specified for the field 'v.$' could not be found in the input '{"a":1}'`,
    );
  });

  it("a missing InputPath is States.Runtime naming the path", async () => {
    const r = await run({ P: { Type: "Pass", InputPath: "$.x", End: true } }, {});
    expect(r.cause).toMatch(/Invalid path '\$\.x' : No results for path: \$\['x'\]$/);
  });

  it("a ResultPath that cannot be applied is States.ResultPathMatchFailure", async () => {
    const r = await run({ P: { Type: "Pass", Result: 1, ResultPath: "$.a.b", End: true } }, { a: "text" });
    expect(r.error).toBe("States.ResultPathMatchFailure");
  });
});

describe("paths as Jayway reads them, through a state (validated, then run)", () => {
  it("`.[` is `[` in InputPath, Parameters and intrinsics; `$` in a filter is the root", async () => {
    const r = await run(
      {
        P: {
          Type: "Pass",
          InputPath: "$.[0]",
          Parameters: {
            "parsed.$": "States.StringToJson($.[0].body)",
            "picked.$": "$.[1].approaches[?(@.workerId == $.[1].agent)].approach",
          },
          End: true,
        },
      },
      [[{ body: '{"ok":true}' }, { agent: "w2", approaches: [{ workerId: "w2", approach: "b" }] }]],
    );
    expect(r.status).toBe("SUCCEEDED");
    expect(r.output).toEqual({ parsed: { ok: true }, picked: ["b"] });
  });
});

describe("Parameters templates, narrow and wide", () => {
  const pass = (parameters: unknown) => ({ P: { Type: "Pass", Parameters: parameters, End: true } });
  it("keep constants in place, in the template's key order, beside the paths", async () => {
    const r = await run(pass({ a: 1, "b.$": "$.x", c: { d: [true] }, "e.$": "$.y" }), { x: "X", y: [2] });
    expect(JSON.stringify(r.output)).toBe('{"a":1,"b":"X","c":{"d":[true]},"e":[2]}');
    const wide = Object.fromEntries(Array.from({ length: 9 }, (_, i) => (i % 2 ? [`k${i}`, i] : [`k${i}.$`, "$.x"])));
    const w = await run(pass(wide), { x: "X" });
    expect(JSON.stringify(w.output)).toBe('{"k0":"X","k1":1,"k2":"X","k3":3,"k4":"X","k5":5,"k6":"X","k7":7,"k8":"X"}');
  });
  it('a key written twice, as "a" and "a.$", takes the one that comes last, narrow or wide', async () => {
    for (const extra of [{}, { f: 0, g: 0, h: 0, i: 0 }]) {
      const last = await run(pass({ a: 1, "a.$": "$.x", ...extra }), { x: "X" });
      expect(last.output).toEqual({ a: "X", ...extra });
      const first = await run(pass({ "a.$": "$.x", a: 1, b: 2, ...extra }), { x: "X" });
      expect(first.output).toEqual({ a: 1, b: 2, ...extra });
    }
  });
});

describe("a field named __proto__ is a field like any other (JSON.parse makes it an own key)", () => {
  const input = () => JSON.parse('{"x":{"y":2},"__proto__":{"p":1}}');

  it("in Parameters, constant and `.$`, at any depth, and in ResultSelector", async () => {
    const tpl = JSON.parse(
      '{"__proto__":{"a":1},"b.$":"$.x","c":{"__proto__.$":"$.x","d.$":"$.__proto__"},"e":[{"__proto__":3,"f.$":"$.x.y"}]}',
    );
    const r = await run(
      {
        P: { Type: "Pass", Parameters: tpl, Next: "T" },
        T: {
          Type: "Task",
          Resource: "arn:aws:lambda:us-east-1:123456789012:function:f",
          ResultSelector: JSON.parse('{"__proto__.$":"$.b"}'),
          End: true,
        },
      },
      input(),
      { handlers: { T: (i: any) => i } },
    );
    expect(r.status).toBe("SUCCEEDED");
    expect(JSON.stringify(r.output)).toBe('{"__proto__":{"y":2}}');
    const p = await run({ P: { Type: "Pass", Parameters: tpl, End: true } }, input());
    expect(JSON.stringify(p.output)).toBe(
      '{"__proto__":{"a":1},"b":{"y":2},"c":{"__proto__":{"y":2},"d":{"p":1}},"e":[{"__proto__":3,"f":2}]}',
    );
    expect(Object.getPrototypeOf(p.output)).toBe(Object.prototype);
  });

  it("in ResultPath: written as a field, read only when the input has it", async () => {
    const r = await run(
      {
        A: { Type: "Pass", Result: "new", ResultPath: "$.__proto__", Next: "B" },
        B: { Type: "Pass", Result: 5, ResultPath: "$.k.__proto__.z", End: true },
      },
      { x: 1 },
    );
    expect(r.status).toBe("SUCCEEDED");
    expect(JSON.stringify(r.output)).toBe('{"x":1,"__proto__":"new","k":{"__proto__":{"z":5}}}');
    const over = await run({ A: { Type: "Pass", Result: 9, ResultPath: "$.__proto__.p", End: true } }, input());
    expect(JSON.stringify(over.output)).toBe('{"x":{"y":2},"__proto__":{"p":9}}');
    // a name Object.prototype has is not a field the input has either
    const inherited = await run({ A: { Type: "Pass", Result: 1, ResultPath: "$.constructor.x", End: true } }, {});
    expect(JSON.stringify(inherited.output)).toBe('{"constructor":{"x":1}}');
  });

  it("a variable named like an Object.prototype member is only there once assigned", async () => {
    const r = await run(
      {
        A: { Type: "Pass", Assign: { "constructor.$": "$.x" }, Next: "B" },
        B: { Type: "Pass", Parameters: { "got.$": "$constructor" }, End: true },
      },
      { x: 4 },
    );
    expect(JSON.stringify(r.output)).toBe('{"got":4}');
    const unset = await run({ B: { Type: "Pass", Parameters: { "got.$": "$constructor" }, End: true } }, {});
    expect(unset.status).toBe("FAILED");
  });
});

describe("templates of many keys (made by a constructor of their own, for V8's sake)", () => {
  it("make plain objects, their keys in the template's order, one object per run", async () => {
    const keys = Array.from({ length: 30 }, (_, i) => `k${i}`);
    const tpl = Object.fromEntries(keys.map((k, i) => (i % 2 ? [`${k}.$`, "$.v"] : [k, i])));
    const m = machine({ P: { Type: "Pass", Parameters: tpl, End: true } });
    const a = await runLocal(m, { v: "x" });
    const b = await runLocal(m, { v: "y" });
    for (const out of [a.output, b.output] as Record<string, unknown>[]) {
      expect(Object.getPrototypeOf(out)).toBe(Object.prototype);
      expect(out.constructor).toBe(Object);
      expect(Object.keys(out)).toEqual(keys);
    }
    expect(a.output).not.toBe(b.output);
    expect(JSON.stringify(b.output)).toBe(JSON.stringify(Object.fromEntries(keys.map((k, i) => [k, i % 2 ? "y" : i]))));
  });
});

describe("narrow templates (an object copied with its constants in place)", () => {
  it("keep the template's key order, share nothing between runs, and let the later of `a` and `a.$` win", async () => {
    const m = machine({ P: { Type: "Pass", Parameters: { k: 1, "d.$": "$.v", c: { deep: [1] } }, End: true } });
    const a = (await runLocal(m, { v: "x" })).output as Record<string, unknown>;
    const b = (await runLocal(m, { v: "y" })).output as Record<string, unknown>;
    expect(JSON.stringify(a)).toBe('{"k":1,"d":"x","c":{"deep":[1]}}');
    expect(JSON.stringify(b)).toBe('{"k":1,"d":"y","c":{"deep":[1]}}');
    expect(a).not.toBe(b);
    const later = async (tpl: Record<string, unknown>) =>
      (await run({ P: { Type: "Pass", Parameters: tpl, End: true } }, { v: "x" })).output;
    expect(await later({ "a.$": "$.v", a: 1 })).toEqual({ a: 1 });
    expect(await later({ a: 1, "a.$": "$.v" })).toEqual({ a: "x" });
    expect(await later({ "a.$": "$.v", b: 2, a: 1 })).toEqual({ a: 1, b: 2 });
  });
});

describe("paths read an object's own fields, never what it inherits", () => {
  const fail = async (path: string, input: Parameters<typeof run>[1]) => {
    const r = await run({ A: { Type: "Pass", InputPath: path, End: true } }, input);
    return [r.status, r.error];
  };
  it("a name Object.prototype has is missing unless the object has it itself, one step or two", async () => {
    expect(await fail("$.constructor", { a: 1 })).toEqual(["FAILED", "States.Runtime"]);
    expect(await fail("$.a.toString", { a: {} })).toEqual(["FAILED", "States.Runtime"]);
    expect(await fail("$.valueOf.x", { valueOf: { y: 1 } })).toEqual(["FAILED", "States.Runtime"]);
    expect(await fail("$.a.__proto__", { a: { b: 1 } })).toEqual(["FAILED", "States.Runtime"]);
    const own = await run(
      { A: { Type: "Pass", Parameters: { "c.$": "$.constructor", "n.$": "$.toString.name", "k.$": "$.k.hasOwnProperty" }, End: true } },
      { constructor: 5, toString: { name: "t" }, k: { hasOwnProperty: false } },
    );
    expect(own.output).toEqual({ c: 5, n: "t", k: false });
  });
  it("other names: a field that is there, nothing where it is not (also in a template's output)", async () => {
    const r = await run(
      {
        A: { Type: "Pass", Parameters: { "a.$": "$.x.y", wide: { b: 1, c: 2, d: 3, e: 4, f: 5 } }, Next: "B" },
        B: { Type: "Pass", Parameters: { "a.$": "$.a", "f.$": "$.wide.f", "wide.$": "$.wide" }, Next: "C" },
        C: { Type: "Pass", InputPath: "$.wide.constructor", End: true },
      },
      { x: { y: 0 } },
    );
    expect(r.status).toBe("FAILED");
    const exitedB = r.events.find((e) => e.type === "PassStateExited" && e.name === "B");
    expect(exitedB?.output).toEqual({ a: 0, f: 5, wide: { b: 1, c: 2, d: 3, e: 4, f: 5 } });
    expect(r.error).toBe("States.Runtime");
    expect(await fail("$.x.missing", { x: { y: 0 } })).toEqual(["FAILED", "States.Runtime"]);
    expect(await fail("$.x.y", { x: [1] })).toEqual(["FAILED", "States.Runtime"]);
  });
});

describe("longer paths read own fields too", () => {
  it("$.a.b.c reads through own fields, and a name an object inherits is missing at any depth", async () => {
    const input = { a: { b: { c: { d: 4 } } } };
    const r = await run({ A: { Type: "Pass", Parameters: { "v.$": "$.a.b.c.d", "w.$": "$.a.b.c" }, End: true } }, input);
    expect(r.output).toEqual({ v: 4, w: { d: 4 } });
    for (const path of ["$.a.b.c.constructor", "$.a.b.toString.x", "$.a.b.c.e", "$.a.b.c.d.e"]) {
      const failed = await run({ A: { Type: "Pass", InputPath: path, End: true } }, input);
      expect([path, failed.status, failed.error]).toEqual([path, "FAILED", "States.Runtime"]);
    }
    const own = await run({ A: { Type: "Pass", InputPath: "$.a.constructor.b", End: true } }, { a: { constructor: { b: 1 } } });
    expect(own.output).toBe(1);
  });
});

describe("state names an object has by inheritance", () => {
  it("states named __proto__, constructor and toString run, linked or looked up by name", async () => {
    const def = JSON.parse(
      '{"A":{"Type":"Pass","Result":{"n":1},"Next":"__proto__"},"__proto__":{"Type":"Choice","Choices":[{"Variable":"$.n","NumericEquals":1,"Next":"constructor"}],"Default":"toString"},' +
        '"constructor":{"Type":"Pass","Result":2,"Next":"toString"},"toString":{"Type":"Succeed"}}',
    );
    const r = await run(def, {});
    expect(r.status).toBe("SUCCEEDED");
    expect(r.output).toBe(2);
    expect(r.events.filter((e) => e.type.endsWith("StateEntered")).map((e) => e.name)).toEqual([
      "A",
      "__proto__",
      "constructor",
      "toString",
    ]);
  });
});
