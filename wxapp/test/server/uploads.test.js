/**
 * Uploads against the real server: the phone checks a file against the limits the server states
 * (GET /files/limits) before sending it, and a file within them is stored.
 */
const fs = require('fs')
const os = require('os')
const path = require('path')
const {
  RealServer, loadPage, tap, textOf, settle,
} = require('../helpers')
const { call, newApplicant } = require('../support/real-server')

async function openBasic() {
  const applicant = await newApplicant()
  const server = new RealServer()
  const env = loadPage('pages/application/basic/index', { server, storage: { auth_token: applicant.token } })
  await env.comp.instance.onLoad({})
  await settle()
  return { ...env, applicant }
}

const uploads = (server) => server.calls.filter((c) => c.multipart)

test('the hint under an upload is the server\'s own sentence for the kind', async () => {
  const { comp } = await openBasic()
  const limits = (await call('GET', '/api/v1/files/limits')).body.kinds
  const proof = limits.find((k) => k.kind === 'education_proof')
  expect(textOf(comp.querySelector('#education_proof'), '#hint')).toBe(proof.explanation)
})

test('a PDF one byte over the size the server states is not sent; the message names that size', async () => {
  const { comp, server, wx } = await openBasic()
  const limits = (await call('GET', '/api/v1/files/limits')).body.kinds
  const { max_bytes: max } = limits.find((k) => k.kind === 'education_proof').pdf
  const big = path.join(os.tmpdir(), `wxapp-big-${process.pid}.pdf`)
  fs.writeFileSync(big, Buffer.alloc(max + 1, 0x20))
  try {
    wx.__chosen.pdf = { path: big, name: '学历证明.pdf', size: max + 1 }
    await tap(comp.querySelector('#education_proof'), '#choose')
    expect(uploads(server)).toHaveLength(0)
    expect(textOf(comp.querySelector('#education_proof'), '#upload-error')).toContain(`超过${max / 1024 / 1024}MB`)
  } finally {
    fs.unlinkSync(big)
  }
})

test('a real photo within the limits is stored by the server at once', async () => {
  const { comp, server, wx } = await openBasic()
  wx.__chosen.image = { tempFilePath: server.samples['photo.jpg'], size: fs.statSync(server.samples['photo.jpg']).size, fileType: 'image' }
  await tap(comp.querySelector('#photo'), '#choose')
  const [upload] = uploads(server)
  expect(upload.formData).toEqual({ kind: 'photo' })
  expect(upload.status).toBe(201)
})

test('the stored photo is saved into 基本信息 at once', async () => {
  const { comp, server, wx, applicant } = await openBasic()
  wx.__chosen.image = { tempFilePath: server.samples['photo.jpg'], size: fs.statSync(server.samples['photo.jpg']).size, fileType: 'image' }
  await tap(comp.querySelector('#photo'), '#choose')
  const application = (await call('GET', '/api/v1/applications/current', undefined, applicant.token)).body
  expect(application.basic.photo_file_id).toEqual(expect.any(Number))
  expect(textOf(comp.querySelector('#photo'), '#current')).toContain('已上传')
})
