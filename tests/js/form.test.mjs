// @ts-check
// A calculator's form as the worker sees it (docs/assets/calculator/form.js), over a fake form:
// every named field as text, checkboxes as "1"/"0", the checked radio button's value.
import assert from "node:assert/strict";
import { describe, it } from "node:test";

import { formFields, sameFields, setFields, showErrors } from "../../docs/assets/calculator/form.js";

/**
 * A form control as the browser gives it; `initial` is what reset() puts back.
 * @param {string} name
 * @param {string} type
 * @param {string} value
 * @param {boolean} [checked]
 */
function control(name, type, value, checked = false) {
  return { name, type, value, checked, initial: { value, checked } };
}

/** @param {ReturnType<typeof control>[]} controls */
function fakeForm(controls) {
  let resets = 0;
  const form = {
    elements: controls,
    reset() {
      resets += 1;
      for (const c of controls) Object.assign(c, c.initial);
    },
    get resets() {
      return resets;
    },
  };
  return /** @type {typeof form & {elements: Iterable<Element>}} */ (/** @type {unknown} */ (form));
}

function scoreLikeForm() {
  return fakeForm([
    control("mode", "radio", "quick", true),
    control("mode", "radio", "detail"),
    control("categories.service_system", "text", "38"),
    control("penalty", "checkbox", "on"),
    control("indicator.5.1.2", "select-one", "full"),
    control("", "button", ""), // a button without a name sends nothing
    control("note", "textarea", "多行\n文字"),
  ]);
}

describe("formFields", () => {
  it("reads every named field as text", () => {
    assert.deepEqual(formFields(scoreLikeForm()), {
      mode: "quick",
      "categories.service_system": "38",
      penalty: "0",
      "indicator.5.1.2": "full",
      note: "多行\n文字",
    });
  });

  it("sends a checked checkbox as 1, and no radio value when none is checked", () => {
    const form = fakeForm([
      control("a", "checkbox", "on", true),
      control("b", "checkbox", "on", false),
      control("r", "radio", "x"),
      control("r", "radio", "y"),
    ]);
    assert.deepEqual(formFields(form), { a: "1", b: "0" });
  });

  it("reads a checklist of many checkboxes, each one", () => {
    const boxes = Array.from({ length: 300 }, (_, i) => control(`item.${i}`, "checkbox", "on", i % 3 === 0));
    const fields = formFields(fakeForm(boxes));
    assert.equal(Object.keys(fields).length, 300);
    assert.equal(fields["item.0"], "1");
    assert.equal(fields["item.1"], "0");
    assert.equal(fields["item.297"], "1");
    assert.equal(fields["item.299"], "0");
  });
});

describe("sameFields: whether a request would carry nothing new", () => {
  const cases = [
    [{ employees: "10" }, { employees: "10" }, true],
    [{ a: "1", b: "2" }, { b: "2", a: "1" }, true], // the order of the fields does not matter
    [{}, {}, true],
    [{ employees: "10" }, { employees: "100" }, false],
    [{ employees: "10" }, { employees: "10 " }, false], // text as typed: Python decides what it means
    [{ employees: "10" }, { employees: "10", outlets: "" }, false],
    [{ employees: "10", outlets: "" }, { employees: "10" }, false],
    [{ a: "1" }, { b: "1" }, false],
  ];
  for (const [a, b, same] of cases) {
    it(`${JSON.stringify(a)} and ${JSON.stringify(b)}: ${same ? "the same" : "different"}`, () => {
      assert.equal(sameFields(/** @type {Fields} */ (a), /** @type {Fields} */ (b)), same);
    });
  }
});

describe("setFields", () => {
  it("puts a decoded state back into the form, from the defaults", () => {
    const form = scoreLikeForm();
    setFields(form, { mode: "detail", "categories.service_system": 40, penalty: "1", unknown: "x" });
    assert.equal(form.resets, 1);
    assert.deepEqual(formFields(form), {
      mode: "detail",
      "categories.service_system": "40",
      penalty: "1",
      "indicator.5.1.2": "full",
      note: "多行\n文字",
    });
  });

  it("gives fields the state does not name their default value", () => {
    const form = scoreLikeForm();
    setFields(form, { "categories.service_system": "12" });
    setFields(form, { penalty: "1" });
    assert.equal(formFields(form)["categories.service_system"], "38");
    assert.equal(formFields(form).penalty, "1");
  });

  it("reads back what it wrote (fields → form → fields)", () => {
    const form = scoreLikeForm();
    const fields = {
      mode: "detail",
      "categories.service_system": "7",
      penalty: "1",
      "indicator.5.1.2": "none",
      note: "",
    };
    setFields(form, fields);
    assert.deepEqual(formFields(form), fields);
  });
});

describe("showErrors", () => {
  /** A slot for each field's message, and the inputs named after it. */
  function page() {
    /** @type {Map<string, Set<string>>} */
    const invalid = new Map();
    const input = (/** @type {string} */ name) => ({
      setAttribute: (/** @type {string} */ a) => invalid.set(name, new Set([...(invalid.get(name) || []), a])),
      removeAttribute: (/** @type {string} */ a) => invalid.get(name)?.delete(a),
    });
    const slots = ["x", "y"].map((name) => ({ dataset: { gbtErrorFor: name }, textContent: "" }));
    const root = { querySelectorAll: () => slots };
    const form = { querySelectorAll: (/** @type {string} */ selector) => [input(selector.split('"')[1])] };
    return { root, form, slots, invalid };
  }

  it("shows each field's message and marks its inputs, and clears both", (t) => {
    const css = /** @type {any} */ (globalThis);
    const saved = css.CSS;
    css.CSS = { escape: (/** @type {string} */ s) => s };
    t.after(() => {
      css.CSS = saved;
    });
    const { root, form, slots, invalid } = page();
    const parent = /** @type {ParentNode} */ (/** @type {unknown} */ (root));
    const inputs = /** @type {ParentNode} */ (/** @type {unknown} */ (form));
    showErrors(parent, inputs, { x: "应为 0 到 40 之间的数。" });
    assert.deepEqual(
      slots.map((s) => s.textContent),
      ["应为 0 到 40 之间的数。", ""],
    );
    assert.deepEqual([...(invalid.get("x") || [])], ["aria-invalid"]);
    showErrors(parent, inputs, {});
    assert.deepEqual(
      slots.map((s) => s.textContent),
      ["", ""],
    );
    assert.deepEqual([...(invalid.get("x") || [])], []);
  });
});
