/**
 * miniprogram-ci's offline checks of the package, printed as one JSON line:
 * {analysis: analyseCode(project), quality: checkCodeQuality(project)}. Run as its own process by
 * test/package.test.js: miniprogram-ci leaves file watchers open, so this exits by itself.
 */
const os = require('os')
const path = require('path')
const ci = require('miniprogram-ci')

const ROOT = path.resolve(__dirname, '..', '..')
const config = require(path.join(ROOT, 'project.config.json')) // eslint-disable-line import/no-dynamic-require

async function main() {
  const project = new ci.Project({
    appid: config.appid,
    type: 'miniProgram',
    projectPath: ROOT,
    privateKeyPath: os.devNull, // an empty key: nothing is uploaded
  })
  const analysis = await ci.analyseCode(project)
  const quality = await ci.checkCodeQuality(project)
  process.stdout.write(`${JSON.stringify({ analysis, quality })}\n`)
}

main().then(() => process.exit(0), (err) => {
  process.stderr.write(`${err && err.stack ? err.stack : err}\n`)
  process.exit(1)
})
