// DynamoDB's expressions (worker/dispatch/dynamodb): parsed and applied to the ProductCatalog item of
// AWS's Developer Guide ("Using expressions in DynamoDB": condition, update and projection examples).
import { describe, expect, it } from "vitest";
import { applyUpdate, holds, project } from "../../../worker/dispatch/dynamodb/evaluate.ts";
import { parseCondition, parseProjection, parseUpdate, Placeholders, type Update } from "../../../worker/dispatch/dynamodb/expression.ts";
import type { AV, Item } from "../../../worker/dispatch/dynamodb/values.ts";

// The guide's ProductCatalog item 123 (trimmed).
const PRODUCT: Item = {
  Id: { N: "123" },
  Title: { S: "Bicycle 123" },
  Description: { S: "123 description" },
  Price: { N: "500" },
  Color: { SS: ["Red", "Black"] },
  ProductCategory: { S: "Bicycle" },
  InStock: { BOOL: true },
  QuantityOnHand: { N: "10" },
  RelatedItems: { L: [{ N: "341" }, { N: "472" }, { N: "649" }] },
  Pictures: {
    M: { FrontView: { S: "http://example.com/products/123_front.jpg" }, SideView: { S: "http://example.com/products/123_left_side.jpg" } },
  },
  ProductReviews: {
    M: { FiveStar: { L: [{ S: "Excellent! Can't recommend it highly enough! Buy it!" }] }, OneStar: { L: [{ S: "Terrible product!" }] } },
  },
  VideoClip: { B: btoa("0123456789") },
};

const ph = (values: Record<string, AV> = {}, names: Record<string, string> = {}) => new Placeholders(names, values);
const cond = (text: string, values: Record<string, AV> = {}, names: Record<string, string> = {}) =>
  holds(PRODUCT, parseCondition(text, "ConditionExpression", ph(values, names)));
const update = (text: string, values: Record<string, AV> = {}, names: Record<string, string> = {}, item = PRODUCT) =>
  applyUpdate(item, parseUpdate(text, ph(values, names)));

describe("condition expressions (the guide's examples)", () => {
  it.each([
    ["attribute_not_exists(Price)", {}, {}, false],
    ["attribute_not_exists(Discount)", {}, {}, true],
    ["attribute_exists(#P)", {}, { "#P": "Pictures" }, true],
    ["attribute_exists(Pictures.RearView)", {}, {}, false],
    ["attribute_type(Color, :v_sub)", { ":v_sub": { S: "SS" } }, {}, true],
    ["attribute_type(ProductReviews.FiveStar, :v_sub)", { ":v_sub": { S: "L" } }, {}, true],
    ["begins_with(Pictures.FrontView, :v_sub)", { ":v_sub": { S: "http://" } }, {}, true],
    ["contains(Color, :v_sub)", { ":v_sub": { S: "Red" } }, {}, true],
    ["contains(Color, :v_sub)", { ":v_sub": { S: "Blue" } }, {}, false],
    ["contains(Title, :v_sub)", { ":v_sub": { S: "cycle" } }, {}, true],
    ["size(VideoClip) > :v_sub", { ":v_sub": { N: "9" } }, {}, true],
    ["size(Color) = :two", { ":two": { N: "2" } }, {}, true],
    ["Price <= :p", { ":p": { N: "500.0" } }, {}, true],
    ["Price > :p", { ":p": { N: "75" } }, {}, true],
    ["Price between :lo and :hi", { ":lo": { N: "500" }, ":hi": { N: "600" } }, {}, true],
    [
      "ProductCategory IN (:cat1, :cat2) and Price between :lo and :hi",
      { ":cat1": { S: "Sporting Goods" }, ":cat2": { S: "Gardening Supplies" }, ":lo": { N: "500" }, ":hi": { N: "600" } },
      {},
      false,
    ],
    ["ProductCategory IN (:cat1, :cat2)", { ":cat1": { S: "Bicycle" }, ":cat2": { S: "x" } }, {}, true],
    ["RelatedItems[1] = :v", { ":v": { N: "472" } }, {}, true],
    ["NOT attribute_exists(Discount) AND (Price < :a OR Price > :b)", { ":a": { N: "1" }, ":b": { N: "499" } }, {}, true],
    // AND binds tighter than OR: true OR (false AND false)
    ["Price = :p OR Price = :q AND Price = :q", { ":p": { N: "500" }, ":q": { N: "1" } }, {}, true],
    ["Missing <> :v", { ":v": { S: "x" } }, {}, true],
    ["Missing = :v", { ":v": { S: "x" } }, {}, false],
    ["Price < :s", { ":s": { S: "9" } }, {}, false],
  ] as const)("%s", (text, values, names, expected) => {
    expect(cond(text, values as Record<string, AV>, names as Record<string, string>)).toBe(expected);
  });

  it("numbers compare as decimals, not text or floats; strings by UTF-8 bytes", () => {
    const item: Item = { n: { N: "10" }, big: { N: "12345678901234567890123456789012345678" }, s: { S: "\u{1F600}" } };
    const c = (text: string, values: Record<string, AV>) => holds(item, parseCondition(text, "ConditionExpression", ph(values)));
    expect(c("n > :v", { ":v": { N: "9" } })).toBe(true);
    expect(c("n = :v", { ":v": { N: "1E1" } })).toBe(true);
    expect(c("big > :v", { ":v": { N: "12345678901234567890123456789012345677" } })).toBe(true);
    // U+1F600 (F0 9F 98 80) sorts after U+FFFD (EF BF BD) in UTF-8, before it in UTF-16
    expect(c("s > :v", { ":v": { S: "\uFFFD" } })).toBe(true);
  });

  it.each([
    ["Price = = :p", { ":p": { N: "1" } }, 'Invalid ConditionExpression: Syntax error; token: "=", near: "= = :p"'],
    [
      "Price = :nope",
      {},
      "Invalid ConditionExpression: An expression attribute value used in expression is not defined; attribute value: :nope",
    ],
    [
      "#nope = :p",
      { ":p": { N: "1" } },
      "Invalid ConditionExpression: An expression attribute name used in the document path is not defined; attribute name: #nope",
    ],
    ["Price", {}, 'Invalid ConditionExpression: Syntax error; token: "<EOF>", near: "Price"'],
    ["", {}, "Invalid ConditionExpression: The expression can not be empty;"],
    ["Price = :p;", { ":p": { N: "1" } }, "Invalid ConditionExpression: Invalid character encountered; character: ;"],
    ["bogus(Price)", {}, "Invalid ConditionExpression: Invalid function name; function: bogus"],
    [
      "attribute_exists(Price, :p)",
      { ":p": { N: "1" } },
      "Invalid ConditionExpression: Incorrect number of operands for operator or function; operator or function: attribute_exists, number of operands: 2",
    ],
  ])("refuses %j", (text, values, message) => {
    expect(() => parseCondition(text, "ConditionExpression", ph(values as Record<string, AV>))).toThrow(message);
  });

  it("attribute_type with an unknown type is refused when evaluated", () => {
    expect(() => cond("attribute_type(Price, :t)", { ":t": { S: "STRING" } })).toThrow("Invalid attribute type name found; type: STRING");
  });

  it("placeholders no expression used are named", () => {
    const p = ph({ ":a": { N: "1" }, ":b": { N: "2" } }, { "#x": "x" });
    parseCondition("Price = :a", "ConditionExpression", p);
    expect(p.unused()).toBe("Value provided in ExpressionAttributeNames unused in expressions: keys: {#x}");
    parseCondition("#x = :a", "ConditionExpression", p);
    expect(p.unused()).toBe("Value provided in ExpressionAttributeValues unused in expressions: keys: {:b}");
  });
});

describe("update expressions (the guide's examples)", () => {
  it("SET attributes, list elements and nested map elements; values come from the old item", () => {
    const u = update(
      "SET ProductCategory = :c, Price = :p, RelatedItems[1] = :ri, #pr.#5star[1] = :r5, #pr.#3star = :r3",
      {
        ":c": { S: "Hardware" },
        ":p": { N: "60" },
        ":ri": { S: "Hammer" },
        ":r5": { S: "Very happy with my purchase" },
        ":r3": { L: [{ S: "Just OK - not that great" }] },
      },
      { "#pr": "ProductReviews", "#5star": "FiveStar", "#3star": "ThreeStar" },
    );
    expect(u.ProductCategory).toEqual({ S: "Hardware" });
    expect(u.RelatedItems).toEqual({ L: [{ N: "341" }, { S: "Hammer" }, { N: "649" }] });
    expect((u.ProductReviews.M as Item).FiveStar).toEqual({
      L: [{ S: "Excellent! Can't recommend it highly enough! Buy it!" }, { S: "Very happy with my purchase" }],
    });
    expect((u.ProductReviews.M as Item).ThreeStar).toEqual({ L: [{ S: "Just OK - not that great" }] });
    expect(PRODUCT.ProductCategory).toEqual({ S: "Bicycle" });
    const swapped = update("SET a = Price, Price = :p", { ":p": { N: "1" } });
    expect([swapped.a, swapped.Price]).toEqual([{ N: "500" }, { N: "1" }]);
  });

  it("arithmetic is exact decimal; if_not_exists; list_append either side", () => {
    expect(update("SET Price = Price - :p", { ":p": { N: "15" } }).Price).toEqual({ N: "485" });
    expect(update("SET Price = Price + :p", { ":p": { N: "0.1" } }).Price).toEqual({ N: "500.1" });
    expect(update("SET n = :a + :b", { ":a": { N: "0.1" }, ":b": { N: "0.2" } }).n).toEqual({ N: "0.3" });
    expect(update("SET Price = if_not_exists(Price, :p)", { ":p": { N: "100" } }).Price).toEqual({ N: "500" });
    expect(update("SET Discount = if_not_exists(Discount, :p)", { ":p": { N: "100" } }).Discount).toEqual({ N: "100" });
    expect(
      update("SET #ri = list_append(#ri, :vals)", { ":vals": { L: [{ S: "Screwdriver" }] } }, { "#ri": "RelatedItems" }).RelatedItems.L,
    ).toHaveLength(4);
    expect(
      (
        update("SET #ri = list_append(:vals, #ri)", { ":vals": { L: [{ S: "Chisel" }] } }, { "#ri": "RelatedItems" }).RelatedItems.L as AV[]
      )[0],
    ).toEqual({ S: "Chisel" });
  });

  it("REMOVE attributes and list elements (indexes of the old list); ADD numbers and sets; DELETE from sets", () => {
    const r = update("REMOVE Brand, InStock, QuantityOnHand");
    expect(["Brand", "InStock", "QuantityOnHand"].some((k) => k in r)).toBe(false);
    expect(update("REMOVE RelatedItems[1], RelatedItems[2]").RelatedItems).toEqual({ L: [{ N: "341" }] });
    expect(update("ADD QuantityOnHand :q", { ":q": { N: "5" } }).QuantityOnHand).toEqual({ N: "15" });
    expect(update("ADD Visits :q", { ":q": { N: "1" } }).Visits).toEqual({ N: "1" });
    expect(update("ADD Color :c", { ":c": { SS: ["Orange", "Purple", "Red"] } }).Color).toEqual({
      SS: ["Red", "Black", "Orange", "Purple"],
    });
    expect(update("DELETE Color :p", { ":p": { SS: ["Yellow", "Purple", "Black"] } }).Color).toEqual({ SS: ["Red"] });
    expect("Color" in update("DELETE Color :p", { ":p": { SS: ["Red", "Black"] } })).toBe(false);
    const all = update("SET a = :a REMOVE Brand ADD QuantityOnHand :q DELETE Color :c", {
      ":a": { S: "x" },
      ":q": { N: "-10" },
      ":c": { SS: ["Red"] },
    });
    expect([all.a, all.QuantityOnHand, all.Color]).toEqual([{ S: "x" }, { N: "0" }, { SS: ["Black"] }]);
    expect(update("set a = :a remove Brand", { ":a": { S: "x" } }).a).toEqual({ S: "x" });
  });

  it.each([
    [
      "SET Price = Title + :p",
      { ":p": { N: "1" } },
      "Invalid UpdateExpression: An operand in the update expression has an incorrect data type",
    ],
    [
      "SET Price = Nope + :p",
      { ":p": { N: "1" } },
      "Invalid UpdateExpression: The provided expression refers to an attribute that does not exist in the item",
    ],
    [
      "SET Nope.inner = :p",
      { ":p": { N: "1" } },
      "Invalid UpdateExpression: The document path provided in the update expression is invalid for update",
    ],
    ["ADD Title :p", { ":p": { N: "1" } }, "Invalid UpdateExpression: An operand in the update expression has an incorrect data type"],
    [
      "ADD Title :p",
      { ":p": { S: "1" } },
      "Invalid UpdateExpression: Incorrect operand type for operator or function; operator: ADD, operand type: STRING",
    ],
    [
      "DELETE Color :p",
      { ":p": { S: "Red" } },
      "Invalid UpdateExpression: Incorrect operand type for operator or function; operator: DELETE, operand type: STRING",
    ],
    [
      "SET Price = list_append(Price, :p)",
      { ":p": { L: [] } },
      "Invalid UpdateExpression: An operand in the update expression has an incorrect data type",
    ],
    [
      "SET n = :p + :p",
      { ":p": { N: "9.9E125" } },
      "Number overflow. Attempting to store a number with magnitude larger than supported range",
    ],
    ["SET Price = Price + :p", { ":p": { N: "1E125" } }, "Attempting to store more than 38 significant digits in a Number"],
  ])("refuses %j when applied", (text, values, message) => {
    expect(() => update(text, values as Record<string, AV>)).toThrow(message);
  });

  it.each([
    ["SET a = :a SET b = :a", 'Invalid UpdateExpression: The "SET" section can only be used once in an update expression;'],
    [
      "SET a = :a, a.b = :a",
      "Invalid UpdateExpression: Two document paths overlap with each other; must remove or rewrite one of these paths; path one: [a], path two: [a, b]",
    ],
    ["SET a = :a REMOVE a", "Invalid UpdateExpression: Two document paths overlap with each other"],
    ["UPSERT a = :a", 'Invalid UpdateExpression: Syntax error; token: "UPSERT", near: "UPSERT a"'],
    ["SET a = size(b)", "Invalid UpdateExpression: The function is not allowed to be used this way in an expression; function: size"],
    ["SET a :a", 'Invalid UpdateExpression: Syntax error; token: ":a", near: "a :a"'],
  ])("refuses %j when parsed", (text, message) => {
    expect(() => parseUpdate(text, ph({ ":a": { S: "x" } }))).toThrow(message);
  });

  it("an update never changes the item it was given", () => {
    const before = structuredClone(PRODUCT);
    const u: Update = parseUpdate("REMOVE RelatedItems[0] ADD Color :c", ph({ ":c": { SS: ["Blue"] } }));
    applyUpdate(PRODUCT, u);
    expect(PRODUCT).toEqual(before);
  });
});

describe("projection expressions", () => {
  it("keeps only the paths named; list elements compacted in index order", () => {
    const paths = parseProjection("Description, RelatedItems[2], RelatedItems[0], ProductReviews.FiveStar, Nope", ph());
    expect(project(PRODUCT, paths)).toEqual({
      Description: { S: "123 description" },
      RelatedItems: { L: [{ N: "341" }, { N: "649" }] },
      ProductReviews: { M: { FiveStar: (PRODUCT.ProductReviews.M as Item).FiveStar } },
    } as unknown as Item);
    expect(project(PRODUCT, parseProjection("#t", ph({}, { "#t": "Title" })))).toEqual({ Title: { S: "Bicycle 123" } });
    expect(() => parseProjection("Title,", ph())).toThrow('Invalid ProjectionExpression: Syntax error; token: "<EOF>", near: ","');
  });
});
