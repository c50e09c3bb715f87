/**
 * The payment page (网上缴费) with canned answers: why and from when, the invoice title (prefilled
 * from the form, the email confirmed), wx.requestPayment with the server's parameters, "支付结果确认中"
 * while the server checks, cancelled and failed payments explained, the Native QR code with the
 * expert number, the receipt and the invoices opened; the home card's paid state. Every request the
 * page sends and every answer it reads is checked against the OpenAPI document.
 */
const {
  FakeServer, loadPage, tap, type, textOf, settle, batchBody,
} = require('./helpers')
const openapi = require('./openapi')
const pay = require('./fixtures/payment')
const app = require('./fixtures/application')

const doc = openapi.loadDocument()
const P = '/api/v1/applications/current/payment'
const ORDER = pay.order('jsapi').out_trade_no
const LOGGED_IN = { auth_token: 'tok' }

function checked(server) {
  server.calls.forEach((call) => openapi.checkCall(doc, call))
  return server
}

function page(server) {
  return loadPage('pages/payment/index', { server, storage: LOGGED_IN })
}

async function shown(server) {
  const loaded = page(server)
  await loaded.comp.instance.onShow()
  await settle()
  return loaded
}

test.each([
  ['GET', P, 200, pay.paymentView()], ['GET', P, 200, pay.blockedView()], ['GET', P, 200, pay.paidView()],
  ['PUT', `${P}/invoice-request`, 200, pay.titledView()], ['POST', `${P}/orders`, 201, pay.jsapiCheckout()],
  ['POST', `${P}/orders`, 201, pay.nativeCheckout()], ['POST', `${P}/orders/${ORDER}/check`, 200, pay.order('jsapi', 'paid')],
])('the %s %s %i answer the page reads is the documented one', (method, urlPath, status, body) => {
  const validate = openapi.responseValidator(doc, method, urlPath, status)
  expect(validate).toBeTruthy()
  if (!validate(body)) throw new Error(openapi.describeErrors(validate))
})

test('before the fifth day the page says from when, with the exact date, and offers no payment', async () => {
  const { comp } = await shown(new FakeServer().on('GET', P, { status: 200, body: pay.blockedView() }))
  expect(textOf(comp, '#pay-status')).toBe('审核通过5日后，即 11月28日 09:30 起可缴费')
  expect(comp.querySelector('#pay-jsapi')).toBeFalsy()
  expect(textOf(comp, '#amount')).toBe('¥350.00')
})

test('the invoice title is prefilled from the form, the email confirmed and saved before paying', async () => {
  const server = new FakeServer()
    .on('GET', P, { status: 200, body: pay.paymentView() })
    .on('PUT', `${P}/invoice-request`, { status: 200, body: pay.titledView() })
  const { comp } = await shown(server)
  expect(comp.querySelector('#title-kind-unit').dom.className).toContain('main--on') // the unit, as the form has one
  expect(comp.instance.data.form.title).toBe('新疆某建筑设计研究院')
  await tap(comp, '#pay-jsapi')
  expect(textOf(comp, '#message')).toBe('请先填写并保存发票信息（确认电子邮箱），再缴费')
  await tap(comp, '#title-kind-personal')
  expect(comp.instance.data.form.title).toBe('张三')
  await tap(comp, '#title-kind-unit')
  await tap(comp, '#unit-kind-institution')
  await type(comp, '#email', 'zhang@example.com')
  await tap(comp, '#email-confirmed')
  await tap(comp, '#save-title')
  const [put] = checked(server).callsTo('PUT', `${P}/invoice-request`)
  expect(put.data).toEqual({
    title_kind: 'unit', unit_kind: 'institution', title: '新疆某建筑设计研究院', taxpayer_number: '91310110076408176P',
    email: 'zhang@example.com', email_confirmed: true,
  })
  expect(textOf(comp, '#saved-title')).toBe('新疆某建筑设计研究院')
})

test('a refused title shows the server\'s message under its field', async () => {
  const server = new FakeServer()
    .on('GET', P, { status: 200, body: pay.paymentView() })
    .on('PUT', `${P}/invoice-request`, {
      status: 422,
      body: { code: 'invalid', message: '企业抬头须填写纳税人识别号（统一社会信用代码）', fields: { taxpayer_number: '企业抬头须填写纳税人识别号（统一社会信用代码）' } },
    })
  const { comp } = await shown(server)
  await type(comp, '#taxpayer_number', '')
  await tap(comp, '#email-confirmed')
  await tap(comp, '#save-title')
  expect(textOf(comp, '#error-taxpayer_number')).toBe('企业抬头须填写纳税人识别号（统一社会信用代码）')
})

test('微信支付 passes the server\'s parameters to wx.requestPayment, then confirms while the server checks', async () => {
  const server = new FakeServer()
    .on('GET', P, [{ status: 200, body: pay.titledView() }, { status: 200, body: pay.paidView() }])
    .on('POST', `${P}/orders`, { status: 201, body: pay.jsapiCheckout() })
    .on('POST', `${P}/orders/${ORDER}/check`, [{ status: 200, body: pay.order('jsapi', 'pending') },
      { status: 200, body: pay.order('jsapi', 'paid') }])
  const { comp, wx } = await shown(server)
  const confirming = comp.instance.onPayInApp()
  await settle()
  expect(wx.requestPayment).toHaveBeenCalledTimes(1)
  const params = wx.requestPayment.mock.calls[0][0]
  expect([params.signType, params.package, params.paySign]).toEqual(['RSA', 'prepay_id=wx28100000000000', 'c2lnbmF0dXJl'])
  expect(textOf(comp, '#message')).toBe('支付结果确认中，请稍候…')
  await confirming
  await settle()
  expect(checked(server).callsTo('POST', `${P}/orders`)[0].data).toEqual({ channel: 'jsapi' })
  expect(server.callsTo('POST', `${P}/orders/${ORDER}/check`)).toHaveLength(2)
  expect(textOf(comp, '#message')).toBe('缴费成功，缴费凭证已发送至您的邮箱')
  expect(textOf(comp, '#paid-state')).toBe('已到账')
})

test('a cancelled payment is explained and nothing is checked', async () => {
  const server = new FakeServer()
    .on('GET', P, { status: 200, body: pay.titledView() })
    .on('POST', `${P}/orders`, { status: 201, body: pay.jsapiCheckout() })
  const { comp, wx } = await shown(server)
  wx.__fail.requestPayment = { errMsg: 'requestPayment:fail cancel' }
  await tap(comp, '#pay-jsapi')
  expect(textOf(comp, '#message')).toBe('您已取消支付，订单仍可继续支付，也可改用扫码支付。')
  expect(server.callsTo('POST', `${P}/orders/${ORDER}/check`)).toHaveLength(0)
})

test('a failed payment says why', async () => {
  const server = new FakeServer()
    .on('GET', P, { status: 200, body: pay.titledView() })
    .on('POST', `${P}/orders`, { status: 201, body: pay.jsapiCheckout() })
  const { comp, wx } = await shown(server)
  wx.__fail.requestPayment = { errMsg: 'requestPayment:fail 余额不足' }
  await tap(comp, '#pay-jsapi')
  expect(textOf(comp, '#message')).toBe('支付未完成：余额不足。请稍后重试，或改用扫码支付。')
})

test('扫码支付 shows the code with the expert number for another phone', async () => {
  const server = new FakeServer()
    .on('GET', P, { status: 200, body: pay.titledView() })
    .on('POST', `${P}/orders`, { status: 201, body: pay.nativeCheckout() })
  const { comp } = await shown(server)
  await tap(comp, '#pay-native')
  expect(checked(server).callsTo('POST', `${P}/orders`)[0].data).toEqual({ channel: 'native' })
  expect(comp.querySelector('#qr-image')).toBeTruthy()
  expect(comp.instance.data.qr.qr_png_base64).toBe(pay.nativeCheckout().qr_png_base64)
  expect(textOf(comp, '#qr-expert-number')).toBe('专家编号：B001-650100-0001')
})

test('once paid: the receipt and the PDF invoice open on the phone; the OFD one is read in the email', async () => {
  const server = new FakeServer().on('GET', P, { status: 200, body: pay.paidView() })
    .on('GET', `${P}/receipt.pdf`, { status: 200 }).on('GET', `${P}/invoices/5`, { status: 200 })
  const { comp, wx } = await shown(server)
  await tap(comp, '#receipt-open')
  await tap(comp, '#invoice-open-0')
  expect(comp.querySelector('#invoice-open-1')).toBeFalsy()
  expect(textOf(comp, '#invoice-1')).toContain('OFD 格式发票请在邮箱中或电脑上查看')
  expect(server.calls.filter((c) => c.download).map((c) => c.path)).toEqual([`${P}/receipt.pdf`, `${P}/invoices/5`])
  checked(server)
  expect(wx.openDocument).toHaveBeenCalledTimes(2)
  expect(wx.openDocument.mock.calls[0][0].fileType).toBe('pdf')
})

test('the home card of a paid application says so and leads to the receipt', async () => {
  const paid = app.approvedApplication({ state: 'paid', state_label: '已缴费', allowed_actions: [] })
  const server = new FakeServer()
    .on('GET', '/api/v1/me', { status: 200, body: { id: 7, username: 'zhangsan', phone: '138****8000', wechat_bound: true } })
    .on('GET', '/api/v1/batches/current', { status: 200, body: batchBody({ phase: 'payment' }) })
    .on('GET', '/api/v1/applications/current', { status: 200, body: paid })
  const { comp, wx } = loadPage('pages/home/index', { server, storage: LOGGED_IN })
  await comp.instance.onShow()
  await settle()
  comp.instance.onHide()
  expect(textOf(comp, '#status-title')).toBe('已缴费')
  expect(textOf(comp, '#status-hint')).toContain('缴费凭证已发送至您的邮箱')
  await tap(comp, '#status-action')
  expect(wx.navigateTo).toHaveBeenCalledWith({ url: '/pages/payment/index' })
})

test('the home card of an approved application whose payment is open leads to the payment page', async () => {
  const approved = app.approvedApplication({ allowed_actions: [{ action: 'pay', label: '网上缴费', allowed: true, reason: null, opens_at: null, closes_at: '2024-12-04T18:30:00+08:00' }] })
  const server = new FakeServer()
    .on('GET', '/api/v1/me', { status: 200, body: { id: 7, username: 'zhangsan', phone: '138****8000', wechat_bound: true } })
    .on('GET', '/api/v1/batches/current', { status: 200, body: batchBody({ phase: 'payment' }) })
    .on('GET', '/api/v1/applications/current', { status: 200, body: approved })
  const { comp, wx } = loadPage('pages/home/index', { server, storage: LOGGED_IN })
  await comp.instance.onShow()
  await settle()
  comp.instance.onHide()
  expect(textOf(comp, '#status-action')).toBe('网上缴费')
  await tap(comp, '#status-action')
  expect(wx.navigateTo).toHaveBeenCalledWith({ url: '/pages/payment/index' })
})
