const a = require('./a');

exports.factor = a.scale;
