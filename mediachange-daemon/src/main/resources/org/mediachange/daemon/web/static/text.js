// mediachange: how the pages show untrusted text (the console and the answer link page
// load this before their own script). Control, bidi and line-separator characters become
// visible escapes, as in the dialog and the logs, so a message cannot hide or reorder what
// the operator reads. The result still goes into the page with textContent only.
'use strict';

var mediachangeText = Object.freeze({
  visible: function (s) {
    return String(s).replace(/[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069\u2028\u2029]/g, function (c) {
      var code = c.charCodeAt(0);
      if (c === '\t') { return '\\t'; }
      if (c === '\n') { return '\\n'; }
      if (c === '\r') { return '\\r'; }
      var hex = code.toString(16).toUpperCase();
      return code <= 0xff ? '\\x' + ('0' + hex).slice(-2) : '\\u' + ('000' + hex).slice(-4);
    });
  }
});
