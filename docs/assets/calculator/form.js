// @ts-check
// A calculator's form as the worker sees it: every named field as text (checkboxes "1"/"0", the
// checked radio button's value), filled back from a decoded state, and the messages Python returns
// for invalid fields. Generic: a new tool's form needs no code here.

/**
 * A form control as far as these functions use it (input, select, textarea; buttons have no name).
 * @typedef {{name: string, type: string, value: string, checked?: boolean}} Control
 */

/**
 * The form's controls, in document order.
 * @param {{elements: Iterable<Element>}} form
 * @returns {Control[]}
 */
function controls(form) {
  // Every element of form.elements that has a name is an input, a select, a textarea or a button.
  return /** @type {Control[]} */ (/** @type {unknown} */ ([...form.elements]));
}

/**
 * A control's value as text, or undefined when it sends none (an unchecked radio button).
 * @param {Control} control
 */
function textOf(control) {
  if (control.type === "checkbox") return control.checked ? "1" : "0";
  if (control.type === "radio") return control.checked ? control.value : undefined;
  return control.value;
}

/**
 * The fields a request to the worker carries.
 * @param {{elements: Iterable<Element>}} form
 * @returns {Fields}
 */
export function formFields(form) {
  /** @type {Fields} */
  const fields = {};
  for (const control of controls(form)) {
    const value = control.name ? textOf(control) : undefined;
    if (value !== undefined) fields[control.name] = value;
  }
  return fields;
}

/**
 * Whether two sets of fields hold the same text in the same fields: then Python's answer is the same.
 * @param {Fields} a
 * @param {Fields} b
 */
export function sameFields(a, b) {
  const names = Object.keys(a);
  return names.length === Object.keys(b).length && names.every((name) => Object.hasOwn(b, name) && a[name] === b[name]);
}

/**
 * The form as `fields` say (a decoded link or saved state); fields they do not name get their
 * default value back.
 * @param {{elements: Iterable<Element>, reset(): void}} form
 * @param {Record<string, unknown>} fields
 */
export function setFields(form, fields) {
  form.reset();
  for (const control of controls(form)) {
    if (!control.name || !(control.name in fields)) continue;
    const value = String(fields[control.name]);
    if (control.type === "checkbox") control.checked = value === "1";
    else if (control.type === "radio") control.checked = control.value === value;
    else control.value = value;
  }
}

/**
 * Each field's message (or none) in its error slot, and aria-invalid on its inputs.
 * @param {ParentNode} root the calculator (error slots may sit outside the form)
 * @param {ParentNode} form
 * @param {Record<string, string>} errors field name → message
 */
export function showErrors(root, form, errors) {
  for (const slot of root.querySelectorAll("[data-gbt-error-for]")) {
    const name = /** @type {HTMLElement} */ (slot).dataset.gbtErrorFor || "";
    const message = errors[name] || "";
    // Unchanged (the usual case while typing): no DOM write, no search for the field's inputs.
    // aria-invalid only ever changes here, together with the slot, so the slot tells its state.
    if (slot.textContent === message) continue;
    slot.textContent = message;
    for (const input of form.querySelectorAll(`[name="${CSS.escape(name)}"]`)) {
      if (message) input.setAttribute("aria-invalid", "true");
      else input.removeAttribute("aria-invalid");
    }
  }
}
