// Runs before each test file: a fresh strict stand-in for the wx API over a FakeServer
// (miniprogram-simulate merges its own wx into it when it is required).
const { installWx } = require('./support/wx')
const { FakeServer } = require('./support/fake-server')

installWx(new FakeServer())
