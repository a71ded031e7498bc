/* Display conditions in the browser: the same semantics as participation/surveys/conditions.py
   (read its docstring) on the same JSON AST, so a question shows here exactly when the server
   counts it. window.PdqConditions = {evaluate, answerText, numberText, rankedIds}. */
(function () {
  "use strict";
  var NUMBER = /^\s*-?(\d+(\.\d*)?|\.\d+)\s*$/;
  var DATE = /^\s*(\d{4})-(\d{2})-(\d{2})/;
  var COMPARISONS = ["=", "!=", "<", "<=", ">", ">="];

  function numberText(n) { return String(n); }

  function toNumber(v) {
    if (typeof v === "boolean") { return v ? 1 : 0; }
    if (typeof v === "number") { return v; }
    if (NUMBER.test(v)) { return parseFloat(v); }
    var m = DATE.exec(v);
    if (!m) { return NaN; }
    var y = +m[1], mo = +m[2], d = +m[3];
    var t = Date.UTC(y, mo - 1, d);
    var back = new Date(t);
    if (y < 1 || back.getUTCFullYear() !== y || back.getUTCMonth() !== mo - 1 ||
        back.getUTCDate() !== d) { return NaN; }
    return t / 86400000;
  }

  function toBool(v) {
    if (typeof v === "boolean") { return v; }
    if (typeof v === "number") { return v !== 0 && !isNaN(v); }
    return v !== "";
  }

  function toText(v) {
    if (typeof v === "boolean") { return v ? "true" : "false"; }
    if (typeof v === "number") { return isNaN(v) ? "NaN" : numberText(v); }
    return v;
  }

  function equal(a, b) {
    if (typeof a === "boolean" || typeof b === "boolean") { return toBool(a) === toBool(b); }
    if (typeof a === "number" || typeof b === "number") { return toNumber(a) === toNumber(b); }
    return a === b;
  }

  function compare(op, a, b) {
    if (op === "=") { return equal(a, b); }
    if (op === "!=") { return !equal(a, b); }
    var x = toNumber(a), y = toNumber(b);
    if (op === "<") { return x < y; }
    if (op === "<=") { return x <= y; }
    if (op === ">") { return x > y; }
    return x >= y;
  }

  function value(node, values) {
    if (Object.prototype.hasOwnProperty.call(node, "ref")) {
      var got = values[node.ref];
      return got === undefined || got === null ? "" : got;
    }
    if (Object.prototype.hasOwnProperty.call(node, "lit")) { return node.lit; }
    var op = node.op, args = node.args;
    if (op === "and") { return args.every(function (a) { return toBool(value(a, values)); }); }
    if (op === "or") { return args.some(function (a) { return toBool(value(a, values)); }); }
    if (COMPARISONS.indexOf(op) >= 0) {
      return compare(op, value(args[0], values), value(args[1], values));
    }
    if (op === "not") { return !toBool(value(args[0], values)); }
    if (op === "true" || op === "false") { return op === "true"; }
    var text = toText(value(args[0], values));
    var words = text.split(/\s+/).filter(function (w) { return w !== ""; });
    if (op === "selected") {
      return words.indexOf(toText(value(args[1], values)).trim()) >= 0;
    }
    if (op === "count-selected") { return words.length; }
    if (op === "string-length") { return text.length; }
    throw new Error("unknown operator " + op);
  }

  function evaluate(ast, values) {
    return ast ? toBool(value(ast, values)) : true;
  }

  /* The answer text of a question (conditions.answer_text) from what a field holds:
     picked = option ids (rank order) and/or "autre"; typed = a number, date or text. */
  function answerText(question, picked, typed) {
    if (picked) {
      var names = {};
      question.options.forEach(function (o) { names[String(o[0])] = o[1]; });
      var words = picked.filter(function (id) { return names[id] !== undefined; })
        .map(function (id) { return names[id]; });
      if (picked.indexOf("autre") >= 0) { words.push("other"); }
      return words.join(" ");
    }
    typed = (typed || "").trim();
    if (question.type === "number" || question.type === "scale") {
      typed = typed.replace(",", ".");
      return NUMBER.test(typed) ? numberText(parseFloat(typed)) : "";
    }
    return typed;
  }

  // The option ids of a ranking question in rank order (fields <field>_rang1, _rang2…).
  function rankedIds(form, question) {
    var ids = [];
    for (var rank = 1; ; rank += 1) {
      var el = form.querySelector("[name='" + question.field + "_rang" + rank + "']");
      if (!el) { return ids; }
      if (el.value) { ids.push(el.value); }
    }
  }

  window.PdqConditions = {evaluate: evaluate, answerText: answerText, numberText: numberText,
                          rankedIds: rankedIds};
}());
