// Runs before each test file: a fresh in-memory stand-in for the wx API
// (miniprogram-simulate merges its own wx into it when it is required).
const { installWx } = require('./helpers')

installWx()
