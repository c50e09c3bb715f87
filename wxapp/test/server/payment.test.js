/**
 * 网上缴费 against the real server and the WeChat Pay sandbox: an application the reviewer approved
 * in the console (the test batch lets it pay on the day), the invoice title saved on the page, the
 * QR code drawn with the expert number, the payer paying on the sandbox (its signed notification
 * reaches the server), 我已完成支付 confirming it, and the receipt PDF opened.
 */
const fs = require('fs')
const {
  RealServer, loadPage, tap, textOf, settle,
} = require('../helpers')
const {
  call, newApplicant, fillEverything, sendForReview, approveInConsole, payInSandbox,
} = require('../support/real-server')

const ID_NUMBER = '650102197602020035' // another person than the journey's: one submission per ID and batch

test('approved in the console, the title saved, the QR paid on the sandbox, the receipt opened', async () => {
  const applicant = await newApplicant()
  await fillEverything(applicant, ID_NUMBER)
  await approveInConsole(await sendForReview(applicant))
  const { comp, wx } = loadPage('pages/payment/index', { server: new RealServer(), storage: { auth_token: applicant.token } })
  await comp.instance.onShow()
  await settle()
  expect(textOf(comp, '#pay-status')).toMatch(/^现在可以缴费。请于\d{4}年\d{1,2}月\d{1,2}日 18:30（北京时间）前完成缴费$/)
  expect(comp.instance.data.form.title).toBe('新疆某建筑设计研究院') // the work unit, from the form

  await tap(comp, '#email-confirmed')
  await tap(comp, '#save-title')
  expect(textOf(comp, '#saved-title')).toBe('新疆某建筑设计研究院')
  await tap(comp, '#pay-native')
  const { qr } = comp.instance.data
  expect(Buffer.from(qr.qr_png_base64, 'base64').subarray(1, 4).toString()).toBe('PNG')
  expect(textOf(comp, '#qr-expert-number')).toMatch(/^专家编号：B\d{3}-650100-\d{4}$/)

  const paid = await payInSandbox(qr.out_trade_no)
  expect(paid.deliveries.map((d) => d.status)).toEqual([204])
  await comp.instance.onQrPaid()
  await settle()
  expect(textOf(comp, '#message')).toBe('缴费成功，缴费凭证已发送至您的邮箱')
  expect(textOf(comp, '#paid-state')).toBe('已到账')
  await tap(comp, '#receipt-open')
  const pdf = wx.openDocument.mock.calls[0][0].filePath
  expect(fs.readFileSync(pdf).subarray(0, 5).toString()).toBe('%PDF-')
  expect((await call('GET', '/api/v1/applications/current', undefined, applicant.token)).body.state).toBe('paid')
})
