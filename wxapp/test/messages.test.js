/**
 * Messages that reach the applicant: subscribe messages asked for at the moments that need them
 * (inside the tap, before anything else), the answers reported and a refusal respected; the
 * profile's official account with its binding QR code.
 */
const {
  FakeServer, loadPage, tap, textOf, settle, sessionBody,
} = require('./helpers')
const app = require('./fixtures/application')

const TOKEN = { auth_token: 'tok' }
const SUBSCRIPTIONS = '/api/v1/message-subscriptions'

async function openReview(application, topics) {
  const server = app.applicationServer({ application, topics })
  const env = loadPage('pages/application/review/index', { server, storage: TOKEN })
  await env.comp.instance.onLoad({})
  await env.comp.instance.onShow()
  await settle(10)
  return env
}

async function uploadSheetAndSubmit(comp) {
  await tap(comp.querySelector('#signed_sheet'), '#choose')
  await settle(20)
  await tap(comp, '#submit-review')
  await settle(10)
}

describe('提交审核 asks for the review result first', () => {
  test('the dialog comes before the submission, the answer is reported, the submission goes on', async () => {
    const { comp, server, wx } = await openReview(app.submittedApplication())
    await uploadSheetAndSubmit(comp)
    expect(wx.requestSubscribeMessage).toHaveBeenCalledTimes(1)
    expect(wx.requestSubscribeMessage.mock.calls[0][0].tmplIds).toEqual(['tmpl-review'])
    const order = server.calls.map((c) => `${c.method} ${c.path}`).filter((c) => c.startsWith('POST'))
    expect(order).toEqual(['POST /api/v1/files', `POST ${SUBSCRIPTIONS}`, `POST ${app.A}/submit-for-review`])
    expect(server.callsTo('POST', SUBSCRIPTIONS)[0].data).toEqual({ answers: { 'tmpl-review': 'accept' } })
    expect(textOf(comp, '#state')).toBe('待审核')
  })

  test('a refusal is reported and the submission still goes on', async () => {
    const { comp, server, wx } = await openReview(app.submittedApplication())
    wx.__subscribeAnswers['tmpl-review'] = 'reject'
    await uploadSheetAndSubmit(comp)
    expect(server.callsTo('POST', SUBSCRIPTIONS)[0].data).toEqual({ answers: { 'tmpl-review': 'reject' } })
    expect(server.callsTo('POST', `${app.A}/submit-for-review`)).toHaveLength(1)
  })

  test('a template refused before is not asked for again', async () => {
    const refused = app.subscriptionTopics({ review_result: { last_answer: 'reject' } })
    const { comp, server, wx } = await openReview(app.submittedApplication(), refused)
    await uploadSheetAndSubmit(comp)
    expect(wx.requestSubscribeMessage).not.toHaveBeenCalled()
    expect(server.callsTo('POST', SUBSCRIPTIONS)).toHaveLength(0)
    expect(server.callsTo('POST', `${app.A}/submit-for-review`)).toHaveLength(1)
  })

  test('a grant already held is not asked for twice', async () => {
    const held = app.subscriptionTopics({ review_result: { last_answer: 'accept', remaining: 1 } })
    const { comp, wx } = await openReview(app.submittedApplication(), held)
    await uploadSheetAndSubmit(comp)
    expect(wx.requestSubscribeMessage).not.toHaveBeenCalled()
  })

  test('a dialog that fails (the switch is off in settings) reports nothing and submits', async () => {
    const { comp, server, wx } = await openReview(app.submittedApplication())
    wx.__fail.requestSubscribeMessage = { errMsg: 'requestSubscribeMessage:fail', errCode: 20004 }
    await uploadSheetAndSubmit(comp)
    expect(server.callsTo('POST', SUBSCRIPTIONS)).toHaveLength(0)
    expect(textOf(comp, '#state')).toBe('待审核')
  })

  test('no template configured on the server: nothing is asked', async () => {
    const { comp, wx } = await openReview(app.submittedApplication(), [])
    await uploadSheetAndSubmit(comp)
    expect(wx.requestSubscribeMessage).not.toHaveBeenCalled()
  })
})

describe('an approval offers 订阅缴费提醒', () => {
  test('the tap asks for the payment template; once answered the offer goes', async () => {
    const { comp, server, wx } = await openReview(app.approvedApplication())
    expect(textOf(comp, '#subscribe')).toBe('订阅缴费提醒')
    await tap(comp, '#subscribe')
    await settle()
    expect(wx.requestSubscribeMessage.mock.calls[0][0].tmplIds).toEqual(['tmpl-payment'])
    expect(server.callsTo('POST', SUBSCRIPTIONS)[0].data).toEqual({ answers: { 'tmpl-payment': 'accept' } })
    expect(wx.showToast).toHaveBeenCalledWith(expect.objectContaining({ title: '已订阅，将通过微信通知您' }))
    expect(comp.querySelector('#subscribe')).toBeFalsy()
  })

  test('a refusal says important notices come by SMS, and is not asked again', async () => {
    const { comp, wx } = await openReview(app.approvedApplication())
    wx.__subscribeAnswers['tmpl-payment'] = 'reject'
    await tap(comp, '#subscribe')
    await settle()
    expect(wx.showToast).toHaveBeenCalledWith(expect.objectContaining({ title: '未订阅，重要通知将以短信发送' }))
    expect(comp.querySelector('#subscribe')).toBeFalsy()
  })

  test('a pending application offers nothing and asks nothing', async () => {
    const { comp, server } = await openReview(app.pendingApplication())
    expect(comp.querySelector('#subscribe')).toBeFalsy()
    expect(server.callsTo('GET', SUBSCRIPTIONS)).toHaveLength(0)
  })

  test('a payment offers 订阅培训、考试通知', async () => {
    const paid = app.approvedApplication({ state: 'paid', state_label: '已缴费', allowed_actions: [] })
    const { comp, wx } = await openReview(paid)
    await tap(comp, '#subscribe')
    expect(wx.requestSubscribeMessage.mock.calls[0][0].tmplIds).toEqual(['tmpl-notice'])
  })
})

describe('the profile: the official account', () => {
  const PAGE = 'pages/profile/index'
  const CODE = {
    image_url: 'https://mp.weixin.example.cn/cgi-bin/showqrcode?ticket=gQ-test', url: 'https://weixin.example.cn/q/test',
    expires_at: '2024-11-21T10:15:00+08:00',
  }

  function server(followed) {
    return new FakeServer()
      .on('GET', '/api/v1/me', { status: 200, body: sessionBody().account })
      .on('GET', '/api/v1/me/official-account', followed.map((f) => ({ status: 200, body: { followed: f, bound_at: null } })))
      .on('POST', '/api/v1/me/official-account/binding-code', { status: 201, body: CODE })
  }

  test('未关注, then 关注公众号 shows the QR code to long-press, valid until its time', async () => {
    const fake = server([false, true])
    const { comp } = loadPage(PAGE, { server: fake, storage: TOKEN })
    await comp.instance.onShow()
    await settle()
    expect(textOf(comp, '#oa-status')).toBe('未关注')
    await tap(comp, '#show-binding-code')
    expect(comp.querySelector('#binding-code')).toBeTruthy()
    expect(comp.instance.data.bindingCode.imageUrl).toBe(CODE.image_url)
    expect(textOf(comp, '#binding-code-note')).toContain('二维码2024年11月21日 10:15前有效，只能使用一次')
    await tap(comp, '#check-following')
    expect(textOf(comp, '#oa-status')).toBe('已关注')
    expect(comp.querySelector('#binding-code')).toBeFalsy()
  })

  test('已关注 shows no QR code', async () => {
    const { comp } = loadPage(PAGE, { server: server([true]), storage: TOKEN })
    await comp.instance.onShow()
    await settle()
    expect(textOf(comp, '#oa-status')).toBe('已关注')
    expect(comp.querySelector('#show-binding-code')).toBeFalsy()
  })

  test('WeChat unavailable: the server\'s message, in Chinese', async () => {
    const fake = server([false]).on('POST', '/api/v1/me/official-account/binding-code', {
      status: 503, body: { code: 'unavailable', message: '暂时无法生成关注二维码，请稍后重试', fields: {} },
    })
    const { comp } = loadPage(PAGE, { server: fake, storage: TOKEN })
    await comp.instance.onShow()
    await settle()
    await tap(comp, '#show-binding-code')
    expect(textOf(comp, '#binding-code-error')).toBe('暂时无法生成关注二维码，请稍后重试')
  })
})
