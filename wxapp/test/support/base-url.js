/** The API base the mini-program uses in the running version (develop in the tests), read from its config. */
const path = require('path')

const MINI_ROOT = path.resolve(__dirname, '..', '..', 'miniprogram')

function apiBase() {
  return require(path.join(MINI_ROOT, 'config')).apiBaseUrl() // eslint-disable-line global-require, import/no-dynamic-require
}

module.exports = { MINI_ROOT, apiBase }
