/**
 * Messages against the real server: the subscribe templates it configures, the answers it keeps
 * (one accept, one message), and the profile's binding QR code made through the WeChat sandbox.
 */
const {
  RealServer, loadPage, tap, textOf, settle,
} = require('../helpers')
const { call, newApplicant } = require('../support/real-server')

const SUBSCRIPTIONS = '/api/v1/message-subscriptions'

test('the server names a template per moment, and keeps what the applicant answered', async () => {
  const applicant = await newApplicant()
  const { topics } = (await call('GET', SUBSCRIPTIONS, undefined, applicant.token)).body
  expect(topics.map((t) => t.moment)).toEqual(['submit_for_review', 'approved', 'paid'])
  const [review, payment] = topics
  const answered = await call('POST', SUBSCRIPTIONS, { answers: { [review.template_id]: 'accept', [payment.template_id]: 'reject' } },
    applicant.token)
  expect(answered.status).toBe(200)
  const byTopic = Object.fromEntries(answered.body.topics.map((t) => [t.topic, [t.remaining, t.last_answer]]))
  expect(byTopic).toEqual({ review_result: [1, 'accept'], payment: [0, 'reject'], notice: [0, null] })
})

test('a template id of another mini-program is refused by the server, naming it', async () => {
  const applicant = await newApplicant()
  const refused = await call('POST', SUBSCRIPTIONS, { answers: { 'not-ours': 'accept' } }, applicant.token)
  expect(refused.status).toBe(422)
  expect(refused.body.fields['answers.not-ours']).toContain('不是本小程序的订阅消息模板')
})

test('the profile: 未关注, and 关注公众号 shows a QR code WeChat (the sandbox) made for this account', async () => {
  const applicant = await newApplicant()
  const server = new RealServer()
  const { comp } = loadPage('pages/profile/index', {
    server, storage: { auth_token: applicant.token, auth_account: applicant.account },
  })
  await comp.instance.onShow()
  await settle()
  expect(textOf(comp, '#oa-status')).toBe('未关注')
  await tap(comp, '#show-binding-code')
  const [created] = server.callsTo('POST', '/api/v1/me/official-account/binding-code')
  expect(created.status).toBe(201)
  expect(comp.instance.data.bindingCode.imageUrl).toContain('/cgi-bin/showqrcode?ticket=')
  expect(textOf(comp, '#binding-code-note')).toContain('只能使用一次')
})
