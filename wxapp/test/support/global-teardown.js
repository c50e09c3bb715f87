/** jest globalTeardown: close the test server's standard input; it shuts down and removes its files. */
module.exports = async function globalTeardown() {
  const child = globalThis.__WXAPP_SERVER__
  if (!child || child.exitCode !== null) return
  await new Promise((resolve) => {
    child.on('exit', resolve)
    child.stdin.end()
  })
}
