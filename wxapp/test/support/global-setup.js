/**
 * jest globalSetup: start the real Flask server with the sandbox (scripts/miniprogram_test_server.py,
 * the repository's .venv), and hand its addresses to the test files through the environment.
 * The server stops when this process's pipe to it closes (globalTeardown, or jest dying).
 */
const path = require('path')
const { spawn } = require('child_process')

const REPO = path.resolve(__dirname, '..', '..', '..')
const PYTHON = process.env.WXAPP_TEST_PYTHON || path.join(REPO, '.venv', 'bin', 'python')
const START_TIMEOUT_MS = 60000

module.exports = async function globalSetup() {
  const child = spawn(PYTHON, ['-m', 'scripts.miniprogram_test_server'], {
    cwd: REPO, stdio: ['pipe', 'pipe', 'inherit'],
  })
  globalThis.__WXAPP_SERVER__ = child
  const line = await new Promise((resolve, reject) => {
    let out = ''
    const timer = setTimeout(() => reject(new Error('the test server did not start within 60 s')), START_TIMEOUT_MS)
    child.on('error', (err) => reject(new Error(`cannot start ${PYTHON}: ${err.message} (run \`make .venv/.runtime-installed\`)`)))
    child.on('exit', (code) => reject(new Error(`the test server exited with ${code} before it was ready`)))
    child.stdout.on('data', (chunk) => {
      out += chunk
      const end = out.indexOf('\n')
      if (end >= 0) {
        clearTimeout(timer)
        resolve(out.slice(0, end))
      }
    })
  })
  process.env.WXAPP_TEST_SERVER = line
}
