/**
 * The applicant's journey against the real server: the home card from the server's batch and
 * actions, a section save that stores what is valid, and — from a complete application — 提交 on
 * the overview, the review sheet exported and opened, the signed scan stored on the server at once,
 * and 提交审核. The sections are filled through the API (the pages' saves are tested on their own);
 * the steps a person takes are taken on the pages.
 */
const fs = require('fs')
const {
  RealServer, loadPage, save, type, tap, textOf, settle,
} = require('../helpers')
const { call, newApplicant, fillEverything } = require('../support/real-server')

const A = '/api/v1/applications/current'

test('the home card shows the real batch\'s deadline in Beijing time with the time left', async () => {
  const applicant = await newApplicant()
  const { comp } = loadPage('pages/home/index', { server: new RealServer(), storage: { auth_token: applicant.token } })
  await comp.instance.onShow()
  await settle()
  expect(textOf(comp, '#status-title')).toBe('资料填写')
  expect(textOf(comp, '#deadline-at')).toMatch(/^截止时间：\d{4}年\d{1,2}月\d{1,2}日 18:30（北京时间）$/)
  expect(textOf(comp, '#deadline-left')).toMatch(/^还剩\d+天\d+小时\d+分$/)
  expect(textOf(comp, '#call-1')).toBe('技术服务咨询热线0991-8837410')
  comp.instance.onHide()
})

test('a save with a bad ID number stores the rest and names the ID number', async () => {
  const applicant = await newApplicant()
  const { comp } = loadPage('pages/application/basic/index', { server: new RealServer(), storage: { auth_token: applicant.token } })
  await comp.instance.onLoad({})
  await settle()
  await type(comp, '#name', '张三')
  await type(comp, '#id_number', '650102197501010015')
  await save(comp)
  const stored = (await call('GET', A, undefined, applicant.token)).body
  expect(stored.basic.name).toBe('张三')
  expect(stored.basic.id_number).toBeNull()
  expect(textOf(comp, '#error-id_number')).toBe('身份证号码校验位不正确')
  expect(comp.instance.data.form.id_number).toBe('650102197501010015')
})

test('提交, the review sheet, the signed scan stored at once, 提交审核', async () => {
  const applicant = await newApplicant()
  await fillEverything(applicant)
  const storage = { auth_token: applicant.token }

  const overview = loadPage('pages/application/index', { server: new RealServer(), storage })
  await overview.comp.instance.onShow()
  await settle()
  await tap(overview.comp, '#submit')
  await settle()
  expect(textOf(overview.comp, '#state')).toBe('资料提交审核')

  const server = new RealServer()
  const review = loadPage('pages/application/review/index', { server, storage })
  await review.comp.instance.onShow()
  await settle()
  await tap(review.comp, '#export-pdf')
  expect(review.wx.openDocument).toHaveBeenCalled()
  const pdf = review.wx.openDocument.mock.calls[0][0].filePath
  expect(fs.readFileSync(pdf).subarray(0, 5).toString()).toBe('%PDF-')

  review.wx.__chosen.pdf = { path: server.samples['scan.pdf'], name: '审查表（签字盖章）.pdf', size: fs.statSync(server.samples['scan.pdf']).size }
  await tap(review.comp.querySelector('#signed_sheet'), '#choose')
  const [scan] = server.calls.filter((c) => c.multipart)
  expect(scan.status).toBe(201) // on the server the moment it is picked

  await tap(review.comp, '#submit-review')
  await settle()
  expect(textOf(review.comp, '#state')).toBe('待审核')
  expect((await call('GET', A, undefined, applicant.token)).body.state).toBe('pending_review')
})
