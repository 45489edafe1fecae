// cli-table3 measures every cell with string-width, whose emoji pattern costs about a millisecond per call: a
// full sheet spent most of a second there. Sheet cells are plain ASCII (ANSI colours aside), measured directly;
// anything else goes to the real string-width. The build routes cli-table3's require('string-width') here.
'use strict';
const stringWidth = require('string-width/index.js');

const ANSI = /\u001b\[[0-9;]*m/g;
const PRINTABLE_ASCII = /^[\x20-\x7e]*$/;

module.exports = function width(text) {
  if (typeof text !== 'string') return 0;
  const plain = text.replace(ANSI, '');
  return PRINTABLE_ASCII.test(plain) ? plain.length : stringWidth(text);
};
module.exports.default = module.exports;
