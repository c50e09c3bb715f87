/**
 * Contract test: the bodies the pages send are validated against the
 * server's OpenAPI document (env OPENAPI_JSON, default ../build/openapi.json,
 * made by `make openapi`). The operation must exist (path + method) and the
 * body must validate against its requestBody schema, $refs resolved.
 * The response fixtures the page tests use are checked against the
 * documented response schemas too, where the document has one.
 */
const { save,
  FakeServer, loadPage, type, tap, settle, sessionBody,
  batchBody,
} = require('./helpers')
const openapi = require('./openapi')
const app = require('./fixtures/application')
const association = require('./fixtures/association')

const doc = openapi.loadDocument()

const ACCOUNT = { id: 7, username: 'zhangsan', phone: '138****8000', wechat_bound: false }
const FIXTURES = {
  session: sessionBody(),
  account: ACCOUNT,
  smsSent: { retry_after: 60, expires_in: 300 },
  wechatLoggedIn: { status: 'logged_in', ...sessionBody() },
  wechatBind: { status: 'bind_required', bind_ticket: 'bt-1', bind_ticket_expires_at: '2099-01-01T00:00:00+08:00' },
  batch: batchBody(),
  application: app.draftApplication(),
  applicationFilled: app.draftApplication({
    basic: {
      name: '张三', gender: '女', id_number: '11010519491231002X', birth: '1949-12', political_affiliation: '13', prefecture_code: '650100', photo_file_id: 101,
    },
    qualification: { years_of_practice: 12, unit_credit_code: '91650100MA77ABCD1X', unit_credit_code_confirmed: true },
    certificates: [{
      id: 1, name: '一级注册建造师', registration_number: '新165060812345', proof_file_id: 102,
    }],
    evaluation: { accepts_remote_evaluation: true, willing_emergency_expert: false, email: 'a@example.com' },
    specialties: { primary: ['A04', 'A0401', 'A040101'], alternate: [] },
    avoidance_units: [{
      id: 2, name: '某公司', credit_code: null, credit_code_confirmed: false, description: '配偶任职',
    }],
    renewal: { kind: 'new', renewal_available: false },
    files: { 101: app.STORED_PHOTO, 102: app.STORED_PDF },
    warnings: [{ field: 'qualification.unit_credit_code', section: 'qualification', message: '统一社会信用代码校验位不一致' }],
  }),
  applicationSubmitted: app.draftApplication({
    state: 'info_submitted', state_label: '资料提交审核', allowed_actions: [], submitted_at: '2024-11-21T10:00:00+08:00',
  }),
  problems: {
    complete: false,
    problems: [
      {
        field: 'basic.id_number', section: 'basic', message: '身份证号码校验位不正确', severity: 'error',
      },
      {
        field: 'qualification.unit_credit_code', section: 'qualification', message: '统一社会信用代码校验位不一致', severity: 'warning',
      },
    ],
  },
  specialtyCheck: {
    problems: [{ field: 'specialties.primary.level3', message: '首选评标专业的三级类别最多选4项（无三级类别的二级类别计为1项）', code: 'A040105' }],
  },
  specialtyCheckOk: { problems: [] },
  legal: {
    documents: [{ key: 'user-agreement', title: '用户协议', version: '2024-11-01' },
      { key: 'privacy-policy', title: '隐私政策', version: '2024-11-01' }],
    contacts: [{ label: '缴费系统咨询电话', phone: '0991-8837428' }, { label: '技术服务咨询热线', phone: '0991-8837410' }],
  },
  rules: { specialties: { max_level1: 1, max_level2: 2, max_level3_picks: 4 } },
  uploadLimits: app.UPLOAD_LIMITS,
  savedWithProblems: { ...app.draftApplication(), field_problems: { 'basic.id_number': '身份证号码校验位不正确' } },
  catalog: app.CATALOG,
  options: app.OPTIONS,
  storedPhoto: app.STORED_PHOTO,
  storedPdf: app.STORED_PDF,
  desktopCode: app.DESKTOP_CODE,
  // The review.
  batchWithDelay: batchBody({ payment_delay_days: 5 }),
  reviewSheet: app.REVIEW_SHEET,
  storedSheet: app.STORED_SHEET,
  applicationInfoSubmitted: app.submittedApplication(),
  applicationPending: app.pendingApplication(),
  applicationRejected: app.rejectedApplication(),
  applicationApproved: app.approvedApplication(),
  applicationWithdrawn: app.withdrawnApplication(),
  // Notices, contacts, the exam result.
  noticeList: association.NOTICE_LIST,
  notice: association.NOTICE,
  contacts: association.CONTACTS,
  contactsNoPrefecture: association.CONTACTS_NO_PREFECTURE,
  admitted: association.ADMITTED,
  failed: association.FAILED,
  // Messages.
  subscriptions: { topics: app.subscriptionTopics() },
  subscriptionsAnswered: { topics: app.subscriptionTopics({ review_result: { remaining: 1, last_answer: 'accept' } }) },
  notFollowing: { followed: false, bound_at: null },
  following: { followed: true, bound_at: '2024-11-21T10:05:00+08:00' },
  bindingCode: {
    image_url: 'https://mp.weixin.example.cn/cgi-bin/showqrcode?ticket=gQ-test', url: 'https://weixin.example.cn/q/test',
    expires_at: '2024-11-21T10:15:00+08:00',
  },
}

/** A server that answers every operation the pages use with a success. */
function happyServer(bindRequired = false) {
  return new FakeServer()
    .on('POST', '/api/v1/sms-codes', { status: 202, body: FIXTURES.smsSent })
    .on('POST', '/api/v1/accounts', { status: 201, body: FIXTURES.session })
    .on('POST', '/api/v1/sessions/password', { status: 200, body: FIXTURES.session })
    .on('POST', '/api/v1/sessions/sms', { status: 200, body: FIXTURES.session })
    .on('POST', '/api/v1/sessions/wechat', { status: 200, body: bindRequired ? FIXTURES.wechatBind : FIXTURES.wechatLoggedIn })
    .on('POST', '/api/v1/me/password', { status: 200, body: FIXTURES.session })
    .on('POST', '/api/v1/me/phone', { status: 200, body: FIXTURES.account })
    .on('POST', '/api/v1/password-resets', { status: 204 })
    .on('GET', '/api/v1/legal', { status: 200, body: FIXTURES.legal })
    .on('DELETE', '/api/v1/accounts/me', { status: 204 })
}

async function fill(comp, values) {
  for (const [field, value] of Object.entries(values)) {
    await type(comp, `#${field}`, value) // eslint-disable-line no-await-in-loop
  }
}

const LOGGED_IN = { auth_token: 'tok', auth_account: ACCOUNT }
const WITH_TICKET = { wechat_bind_ticket: { ticket: 'bt-1', expiresAt: '' } }

/** Each scenario drives one page with valid input; returns the calls it made. */
const SCENARIOS = {
  async 'login: password'(storage = {}) {
    const { comp, server } = loadPage('pages/accounts/login/index', { server: happyServer(), storage })
    await fill(comp, { login: 'zhangsan', password: 'abc12345' })
    await tap(comp, '#submit-password')
    await settle()
    return server.calls
  },
  async 'login: password with bind ticket'() {
    return SCENARIOS['login: password'](WITH_TICKET)
  },
  async 'login: sms (code + login)'(storage = {}) {
    const { comp, server } = loadPage('pages/accounts/login/index', { server: happyServer(), storage })
    await tap(comp, '#tab-sms')
    await fill(comp, { phone: '13800138000' })
    await tap(comp, '#send-sms')
    await fill(comp, { sms_code: '123456' })
    await tap(comp, '#submit-sms')
    await settle()
    comp.detach()
    return server.calls
  },
  async 'login: sms with bind ticket'() {
    return SCENARIOS['login: sms (code + login)'](WITH_TICKET)
  },
  async 'login: wechat'() {
    const { comp, server } = loadPage('pages/accounts/login/index', { server: happyServer(true) })
    await tap(comp, '#tab-wechat')
    await tap(comp, '#submit-wechat')
    await settle()
    return server.calls
  },
  async 'register'(storage = {}) {
    const { comp, server } = loadPage('pages/accounts/register/index', { server: happyServer(), storage })
    await fill(comp, { phone: '13800138000' })
    await tap(comp, '#send-sms')
    await fill(comp, {
      username: 'zhangsan_01', password: 'abc12345', confirm_password: 'abc12345', sms_code: '123456',
    })
    await tap(comp, '#agree')
    await tap(comp, '#submit')
    await settle()
    comp.detach()
    return server.calls
  },
  async 'register with bind ticket'() {
    return SCENARIOS.register(WITH_TICKET)
  },
  async 'forgot password'() {
    const { comp, server } = loadPage('pages/accounts/forgot-password/index', { server: happyServer() })
    await fill(comp, { phone: '13800138000' })
    await tap(comp, '#send-sms')
    await fill(comp, { sms_code: '123456', new_password: 'newpass99', confirm_password: 'newpass99' })
    await tap(comp, '#submit')
    await settle()
    comp.detach()
    return server.calls
  },
  async 'change password'() {
    const { comp, server } = loadPage('pages/profile/change-password/index', { server: happyServer(), storage: LOGGED_IN })
    await fill(comp, { old_password: 'abc12345', new_password: 'xyz98765', confirm_password: 'xyz98765' })
    await tap(comp, '#submit')
    await settle()
    return server.calls
  },
  async 'delete account with the password'() {
    const { comp, server } = loadPage('pages/profile/delete-account/index', { server: happyServer(), storage: LOGGED_IN })
    await fill(comp, { password: 'abc12345' })
    await tap(comp, '#submit')
    await settle()
    return server.calls
  },
  async 'delete account with an SMS code'() {
    const { comp, server } = loadPage('pages/profile/delete-account/index', { server: happyServer(), storage: LOGGED_IN })
    await tap(comp, '#way-sms')
    await fill(comp, { phone: '13800138000' })
    await tap(comp, '#send-sms')
    await fill(comp, { sms_code: '123456' })
    await tap(comp, '#submit')
    await settle()
    comp.detach()
    return server.calls
  },
  async 'change phone'() {
    const { comp, server } = loadPage('pages/profile/change-phone/index', { server: happyServer(), storage: LOGGED_IN })
    await fill(comp, { phone: '13900139000' })
    await tap(comp, '#send-sms')
    await fill(comp, { sms_code: '123456' })
    await tap(comp, '#submit')
    await settle()
    comp.detach()
    return server.calls
  },
}

const A = app.A
const TOKEN = { auth_token: 'tok' }

/** Open a section page on the stateful fake application API. */
async function openSection(name, application = app.draftApplication(), problems = []) {
  const server = app.applicationServer({ application, problems })
  const env = loadPage(`pages/application/${name}/index`, { server, storage: TOKEN })
  await env.comp.instance.onLoad({})
  await settle()
  return env
}

Object.assign(SCENARIOS, {
  async 'home: the application on the status card'() {
    const server = new FakeServer()
      .on('GET', '/api/v1/me', { status: 200, body: FIXTURES.account })
      .on('GET', '/api/v1/batches/current', { status: 200, body: FIXTURES.batch })
      .on('GET', A, { status: 200, body: FIXTURES.application })
    const { comp } = loadPage('pages/home/index', { server, storage: LOGGED_IN })
    await comp.instance.onShow()
    await settle()
    return server.calls
  },
  async 'basic: save, photo upload, PDF upload'() {
    const { comp, server } = await openSection('basic')
    await fill(comp, { name: '张三', id_number: '11010519491231002X', title: '高级工程师' })
    comp.querySelector('#political_affiliation').dispatchEvent('change', { detail: { value: '0' } })
    comp.querySelector('#prefecture_code').dispatchEvent('change', { detail: { value: '0' } })
    await settle()
    await save(comp)
    await settle()
    await tap(comp.querySelector('#photo'), '#choose')
    await settle(20)
    await tap(comp.querySelector('#title_certificate'), '#choose')
    await settle(20)
    return server.calls
  },
  async 'qualification: save and certificates'() {
    const { comp, server } = await openSection('qualification')
    comp.querySelector('#profession_level1').dispatchEvent('change', { detail: { value: '0' } })
    await settle()
    comp.querySelector('#profession_level2').dispatchEvent('change', { detail: { value: '0' } })
    await fill(comp, {
      years_of_practice: '12', work_unit: '某设计院', unit_credit_code: '91650100MA77ABCD1X', unit_office_phone: '0991-1234567',
    })
    await save(comp)
    await settle()
    await tap(comp, '#add-certificate')
    await fill(comp, { 'cert-name': '一级注册建造师', 'cert-registration_number': '新165060812345' })
    await tap(comp.querySelector('#cert-proof'), '#choose')
    await settle(20)
    await tap(comp, '#cert-save')
    await settle()
    await tap(comp, '#edit-certificate-0')
    await fill(comp, { 'cert-name': '一级注册结构工程师' })
    await tap(comp, '#cert-save')
    await settle()
    await tap(comp, '#delete-certificate-0')
    await settle()
    return server.calls
  },
  async 'evaluation: save'() {
    const { comp, server } = await openSection('evaluation')
    await tap(comp, '#accepts_remote_evaluation-yes')
    await tap(comp, '#willing_emergency_expert-no')
    await fill(comp, { email: 'zhangsan@example.com', backup_mobile: '13900139000' })
    await save(comp)
    await settle()
    return server.calls
  },
  async 'specialties: picks checked by the server, then save'() {
    const { comp, server } = await openSection('specialties')
    await tap(comp, '#pick-A04')
    await settle()
    await tap(comp, '#open-A04')
    await tap(comp, '#pick-A0401')
    await settle()
    await save(comp)
    await settle()
    return server.calls
  },
  async 'experience: save'() {
    const { comp, server } = await openSection('experience')
    await fill(comp, { work_experience: '2005-2024 某设计院' })
    await tap(comp, '#no-evaluation-experience')
    await save(comp)
    await settle()
    return server.calls
  },
  async 'avoidance units: add, edit, confirm, remove'() {
    const { comp, server } = await openSection('avoidance')
    await tap(comp, '#add-unit')
    await fill(comp, { 'unit-name': '某建设集团', 'unit-credit_code': '91650100MA77ABCD1X', 'unit-description': '配偶任职' })
    await tap(comp, '#unit-save')
    await settle()
    await tap(comp, '#edit-unit-0')
    await fill(comp, { 'unit-description': '原工作单位' })
    await tap(comp, '#unit-save')
    await settle()
    server.state.application.warnings = [{ field: 'avoidance_units[0].credit_code', section: 'avoidance_units', message: '校验位不一致' }]
    await comp.instance.onShow()
    await settle()
    await tap(comp, '#confirm-unit-0')
    await settle()
    await tap(comp, '#delete-unit-0')
    await settle()
    return server.calls
  },
  async 'renewal: prefill and save'() {
    const { comp, server } = await openSection('renewal', app.draftApplication({ renewal: { kind: null, renewal_available: true } }))
    server.on('POST', `${A}/renewal-prefill`, () => ({ status: 200, body: server.state.application }))
    await tap(comp, '#kind-renewal')
    await settle()
    await save(comp)
    await settle()
    return server.calls
  },
  async 'commitment: template, upload, save'() {
    const { comp, server } = await openSection('commitment')
    await tap(comp, '#download-template')
    await settle(20)
    await tap(comp.querySelector('#commitment_letter'), '#choose')
    await settle(20)
    await save(comp)
    await settle()
    return server.calls
  },
  async 'desktop upload'() {
    const server = app.applicationServer({ application: app.draftApplication({ certificates: [{ id: 3, name: 'x', registration_number: 'y', proof_file_id: null }] }) })
    const { comp } = loadPage('pages/application/desktop-upload/index', { server, storage: TOKEN })
    await comp.instance.onLoad({ slot: 'certificate:3' })
    await settle()
    await comp.instance.onShow()
    await settle()
    return server.calls
  },
  async 'overview: problems, credit-code confirmation, submit'() {
    const server = app.applicationServer({ problems: FIXTURES.problems.problems })
    const { comp } = loadPage('pages/application/index', { server, storage: TOKEN })
    await comp.instance.onShow()
    await settle()
    await tap(comp, '#confirm-1')
    await settle()
    server.state.problems = []
    await tap(comp, '#submit')
    await settle(20)
    return server.calls
  },
})

async function openReview(application, extra) {
  const server = app.applicationServer({ application })
  if (extra) extra(server)
  const { comp } = loadPage('pages/application/review/index', { server, storage: TOKEN })
  await comp.instance.onLoad({})
  await comp.instance.onShow()
  await settle(10)
  return { comp, server }
}

Object.assign(SCENARIOS, {
  async 'review: preview, export PDF, upload the signed sheet, submit for review'() {
    const { comp, server } = await openReview(app.submittedApplication())
    await tap(comp, '#export-pdf')
    await settle(10)
    await tap(comp.querySelector('#signed_sheet'), '#choose')
    await settle(20)
    await tap(comp, '#submit-review')
    await settle(10)
    return server.calls
  },
  async 'review: rejected, withdraw'() {
    const { comp, server } = await openReview(app.rejectedApplication())
    await tap(comp, '#withdraw')
    await settle(10)
    return server.calls
  },
  async 'review: approved with the expert number, 订阅缴费提醒'() {
    const { comp, server } = await openReview(app.approvedApplication(), (s) => {
      s.on('GET', '/api/v1/batches/current', { status: 200, body: FIXTURES.batchWithDelay })
    })
    await tap(comp, '#subscribe')
    await settle()
    return server.calls
  },
  async 'profile: the official account, its binding QR code'() {
    const server = happyServer()
      .on('GET', '/api/v1/me', { status: 200, body: FIXTURES.account })
      .on('GET', '/api/v1/me/official-account', { status: 200, body: FIXTURES.notFollowing })
      .on('POST', '/api/v1/me/official-account/binding-code', { status: 201, body: FIXTURES.bindingCode })
    const { comp } = loadPage('pages/profile/index', { server, storage: LOGGED_IN })
    await comp.instance.onShow()
    await settle()
    await tap(comp, '#show-binding-code')
    await tap(comp, '#check-following')
    return server.calls
  },
  async 'desktop upload of the signed review sheet'() {
    const server = app.applicationServer({ application: app.submittedApplication() })
    const { comp } = loadPage('pages/application/desktop-upload/index', { server, storage: TOKEN })
    await comp.instance.onLoad({ slot: 'signed_review_sheet' })
    await settle()
    await comp.instance.onShow()
    await settle()
    return server.calls
  },
  async 'home: 撤回 from the status card'() {
    const server = app.applicationServer({ application: app.rejectedApplication() })
      .on('GET', '/api/v1/me', { status: 200, body: FIXTURES.account })
      .on('GET', '/api/v1/batches/current', { status: 200, body: FIXTURES.batchWithDelay })
    const { comp } = loadPage('pages/home/index', { server, storage: LOGGED_IN })
    await comp.instance.onShow()
    await settle()
    await tap(comp, '#status-secondary')
    await settle(10)
    return server.calls
  },
})

Object.assign(SCENARIOS, {
  async 'notices: the list, a notice, its read mark and an attachment'() {
    const server = new FakeServer()
      .on('GET', '/api/v1/notices', { status: 200, body: FIXTURES.noticeList })
      .on('GET', '/api/v1/notices/11', { status: 200, body: FIXTURES.notice })
      .on('POST', '/api/v1/notices/11/read', { status: 204 })
      .on('GET', '/api/v1/notices/11/attachments/31', { status: 200 })
    const list = loadPage('pages/notices/index', { server, storage: TOKEN })
    await list.comp.instance.onShow()
    await settle()
    const detail = loadPage('pages/notices/detail/index', { server, storage: TOKEN })
    await detail.comp.instance.onLoad({ id: '11' })
    await settle()
    await tap(detail.comp, '#attachment-31')
    await settle(10)
    return server.calls
  },
  async 'help: my contacts, then another prefecture\'s'() {
    const server = new FakeServer()
      .on('GET', '/api/v1/contacts', { status: 200, body: FIXTURES.contacts })
      .on('GET', '/api/v1/reference/options', { status: 200, body: FIXTURES.options })
    const { comp } = loadPage('pages/help/index', { server, storage: TOKEN })
    await comp.instance.onShow()
    await settle()
    comp.querySelector('#pick-prefecture').dispatchEvent('change', { detail: { value: '0' } })
    await settle()
    return server.calls
  },
  async 'admission: the result and the letter'() {
    const server = new FakeServer()
      .on('GET', '/api/v1/exam-result', { status: 200, body: FIXTURES.admitted })
      .on('GET', '/api/v1/exam-result/admission-letter.pdf', { status: 200 })
    const { comp } = loadPage('pages/admission/index', { server, storage: TOKEN })
    await comp.instance.onShow()
    await settle()
    await tap(comp, '#open-letter')
    await settle(10)
    return server.calls
  },
})

/** Which operations each scenario must have called. */
const EXPECTED = {
  'login: password': ['POST /api/v1/sessions/password'],
  'login: password with bind ticket': ['POST /api/v1/sessions/password'],
  'login: sms (code + login)': ['POST /api/v1/sms-codes', 'POST /api/v1/sessions/sms'],
  'login: sms with bind ticket': ['POST /api/v1/sms-codes', 'POST /api/v1/sessions/sms'],
  'login: wechat': ['POST /api/v1/sessions/wechat'],
  register: ['POST /api/v1/sms-codes', 'GET /api/v1/legal', 'POST /api/v1/accounts'],
  'register with bind ticket': ['POST /api/v1/sms-codes', 'GET /api/v1/legal', 'POST /api/v1/accounts'],
  'delete account with the password': ['DELETE /api/v1/accounts/me'],
  'delete account with an SMS code': ['POST /api/v1/sms-codes', 'DELETE /api/v1/accounts/me'],
  'forgot password': ['POST /api/v1/sms-codes', 'POST /api/v1/password-resets'],
  'change password': ['POST /api/v1/me/password'],
  'change phone': ['POST /api/v1/sms-codes', 'POST /api/v1/me/phone'],
  'home: the application on the status card': [
    'GET /api/v1/me', 'GET /api/v1/batches/current', `GET ${A}`, 'GET /api/v1/contacts', 'GET /api/v1/notices',
  ],
  'basic: save, photo upload, PDF upload': [
    'GET /api/v1/reference/options', `GET ${A}`, `PUT ${A}/basic`,
    'POST /api/v1/files', `PUT ${A}/basic`, 'POST /api/v1/files', `PUT ${A}/basic`,
  ],
  'qualification: save and certificates': [
    'GET /api/v1/reference/specialties', `GET ${A}`, `PUT ${A}/qualification`,
    'POST /api/v1/files', `POST ${A}/certificates`, `PUT ${A}/certificates/501`, `DELETE ${A}/certificates/501`,
  ],
  'evaluation: save': [`GET ${A}`, `PUT ${A}/evaluation`],
  // every node shown is asked about: A04 and the rows under it, once before and once after each pick
  'specialties: picks checked by the server, then save': [
    'GET /api/v1/reference/specialties', 'GET /api/v1/reference/rules', `GET ${A}`,
    ...Array(14).fill(`POST ${A}/specialties/check`), `PUT ${A}/specialties`,
  ],
  'experience: save': [`GET ${A}`, `PUT ${A}/experience`],
  'avoidance units: add, edit, confirm, remove': [
    `GET ${A}`, `POST ${A}/avoidance-units`, `PUT ${A}/avoidance-units/501`, `GET ${A}`,
    `PUT ${A}/avoidance-units/501`, `DELETE ${A}/avoidance-units/501`,
  ],
  'renewal: prefill and save': [`GET ${A}`, `POST ${A}/renewal-prefill`, `PUT ${A}/renewal`],
  'commitment: template, upload, save': [
    `GET ${A}`, `GET ${A}/commitment-letter.pdf`, 'POST /api/v1/files', `PUT ${A}/commitment`, `PUT ${A}/commitment`,
  ],
  'desktop upload': [`GET ${A}`, `POST ${A}/desktop-upload-codes`, `GET ${A}`],
  'overview: problems, credit-code confirmation, submit': [
    `GET ${A}`, `GET ${A}/problems`, `PUT ${A}/qualification`, `POST ${A}/submit`,
  ],
  'review: preview, export PDF, upload the signed sheet, submit for review': [
    `GET ${A}`, `GET ${A}/review-sheet`, 'GET /api/v1/message-subscriptions', `GET ${A}/review-sheet.pdf`,
    'POST /api/v1/files', 'POST /api/v1/message-subscriptions', `POST ${A}/submit-for-review`,
  ],
  'review: rejected, withdraw': [`GET ${A}`, `GET ${A}/review-sheet`, `POST ${A}/withdraw`],
  'review: approved with the expert number, 订阅缴费提醒': [
    `GET ${A}`, 'GET /api/v1/batches/current', `GET ${A}/review-sheet`, 'GET /api/v1/message-subscriptions',
    'POST /api/v1/message-subscriptions',
  ],
  'profile: the official account, its binding QR code': [
    'GET /api/v1/me', 'GET /api/v1/legal', 'GET /api/v1/me/official-account', 'POST /api/v1/me/official-account/binding-code',
    'GET /api/v1/me/official-account',
  ],
  'desktop upload of the signed review sheet': [`GET ${A}`, `POST ${A}/desktop-upload-codes`, `GET ${A}`],
  'home: 撤回 from the status card': [
    'GET /api/v1/me', 'GET /api/v1/batches/current', `GET ${A}`, 'GET /api/v1/contacts', 'GET /api/v1/notices',
    `POST ${A}/withdraw`,
  ],
  'notices: the list, a notice, its read mark and an attachment': [
    'GET /api/v1/notices', 'GET /api/v1/notices/11', 'POST /api/v1/notices/11/read', 'GET /api/v1/notices/11/attachments/31',
  ],
  "help: my contacts, then another prefecture's": [
    'GET /api/v1/contacts', 'GET /api/v1/reference/options', `GET /api/v1/contacts?prefecture_code=${app.OPTIONS.prefectures[0].code}`,
  ],
  'admission: the result and the letter': ['GET /api/v1/exam-result', 'GET /api/v1/exam-result/admission-letter.pdf'],
}

test(`the OpenAPI document is read from ${openapi.openapiPath()}`, () => {
  expect(doc.openapi).toMatch(/^3\./)
})

test.each(Object.keys(SCENARIOS))('%s: every request is a documented operation and every body validates', async (name) => {
  const calls = await SCENARIOS[name]()
  // Upload limits are read once by whichever upload shows first: every call is checked, not its order.
  const own = calls.filter((c) => c.path !== '/api/v1/files/limits')
  expect(own.map((c) => `${c.method} ${c.path}`)).toEqual(EXPECTED[name])
  for (const call of calls) openapi.checkCall(doc, call)
  if (name.includes('bind ticket')) {
    expect(calls[calls.length - 1].data.bind_ticket).toBe('bt-1')
  }
})

test.each([
  ['DELETE', '/api/v1/sessions/current'],
  ['GET', '/api/v1/me'],
  ['GET', '/api/v1/batches/current'],
  ['GET', '/api/v1/applications/current'],
  ['GET', '/api/v1/applications/current/problems'],
  ['POST', '/api/v1/applications/current/submit'],
  ['POST', '/api/v1/applications/current/renewal-prefill'],
  ['GET', '/api/v1/applications/current/commitment-letter.pdf'],
  ['GET', '/api/v1/applications/current/review-sheet'],
  ['GET', '/api/v1/applications/current/review-sheet.pdf'],
  ['POST', '/api/v1/applications/current/withdraw'],
  ['DELETE', '/api/v1/applications/current/certificates/1'],
  ['DELETE', '/api/v1/applications/current/avoidance-units/1'],
  ['GET', '/api/v1/files/101'],
  ['GET', '/api/v1/reference/specialties'],
  ['GET', '/api/v1/reference/options'],
  ['GET', '/api/v1/reference/rules'],
  ['GET', '/api/v1/files/limits'],
  ['GET', '/api/v1/legal'],
  ['GET', '/api/v1/legal/privacy-policy'],
  ['GET', '/api/v1/notices'],
  ['GET', '/api/v1/notices/11'],
  ['POST', '/api/v1/notices/11/read'],
  ['GET', '/api/v1/notices/11/attachments/31'],
  ['GET', '/api/v1/contacts'],
  ['GET', '/api/v1/contacts?prefecture_code=650200'],
  ['GET', '/api/v1/exam-result'],
  ['GET', '/api/v1/exam-result/admission-letter.pdf'],
  ['GET', '/api/v1/message-subscriptions'],
  ['GET', '/api/v1/me/official-account'],
  ['POST', '/api/v1/me/official-account/binding-code'],
])('the document has the bodiless operation %s %s', (method, urlPath) => {
  expect(() => openapi.findOperation(doc, method, urlPath)).not.toThrow()
})

test.each([
  ['POST', '/api/v1/sms-codes', 202, 'smsSent'],
  ['POST', '/api/v1/accounts', 201, 'session'],
  ['POST', '/api/v1/sessions/password', 200, 'session'],
  ['POST', '/api/v1/sessions/sms', 200, 'session'],
  ['POST', '/api/v1/sessions/wechat', 200, 'wechatLoggedIn'],
  ['POST', '/api/v1/sessions/wechat', 200, 'wechatBind'],
  ['GET', '/api/v1/me', 200, 'account'],
  ['POST', '/api/v1/me/password', 200, 'session'],
  ['POST', '/api/v1/me/phone', 200, 'account'],
  ['GET', '/api/v1/batches/current', 200, 'batch'],
  ['GET', '/api/v1/applications/current', 200, 'application'],
  ['GET', '/api/v1/applications/current', 200, 'applicationFilled'],
  ['PUT', '/api/v1/applications/current/basic', 200, 'applicationFilled'],
  ['POST', '/api/v1/applications/current/certificates', 201, 'applicationFilled'],
  ['POST', '/api/v1/applications/current/submit', 200, 'applicationSubmitted'],
  ['GET', '/api/v1/applications/current/problems', 200, 'problems'],
  ['POST', '/api/v1/applications/current/specialties/check', 200, 'specialtyCheck'],
  ['POST', '/api/v1/applications/current/specialties/check', 200, 'specialtyCheckOk'],
  ['GET', '/api/v1/reference/specialties', 200, 'catalog'],
  ['GET', '/api/v1/reference/options', 200, 'options'],
  ['POST', '/api/v1/files', 201, 'storedPhoto'],
  ['POST', '/api/v1/files', 201, 'storedPdf'],
  ['POST', '/api/v1/applications/current/desktop-upload-codes', 201, 'desktopCode'],
  ['GET', '/api/v1/batches/current', 200, 'batchWithDelay'],
  ['GET', '/api/v1/applications/current/review-sheet', 200, 'reviewSheet'],
  ['POST', '/api/v1/files', 201, 'storedSheet'],
  ['GET', '/api/v1/applications/current', 200, 'applicationInfoSubmitted'],
  ['GET', '/api/v1/applications/current', 200, 'applicationRejected'],
  ['GET', '/api/v1/applications/current', 200, 'applicationApproved'],
  ['POST', '/api/v1/applications/current/submit-for-review', 200, 'applicationPending'],
  ['POST', '/api/v1/applications/current/withdraw', 200, 'applicationWithdrawn'],
  ['GET', '/api/v1/notices', 200, 'noticeList'],
  ['GET', '/api/v1/notices/11', 200, 'notice'],
  ['GET', '/api/v1/contacts', 200, 'contacts'],
  ['GET', '/api/v1/contacts', 200, 'contactsNoPrefecture'],
  ['GET', '/api/v1/exam-result', 200, 'admitted'],
  ['GET', '/api/v1/exam-result', 200, 'failed'],
  ['GET', '/api/v1/message-subscriptions', 200, 'subscriptions'],
  ['POST', '/api/v1/message-subscriptions', 200, 'subscriptionsAnswered'],
  ['GET', '/api/v1/me/official-account', 200, 'notFollowing'],
  ['GET', '/api/v1/me/official-account', 200, 'following'],
  ['POST', '/api/v1/me/official-account/binding-code', 201, 'bindingCode'],
])('the %s %s %i fixture matches the documented response', (method, urlPath, status, fixture) => {
  const validate = openapi.responseValidator(doc, method, urlPath, status)
  expect(validate).toBeTruthy() // the document must describe the answer the page reads
  const ok = validate(FIXTURES[fixture])
  if (!ok) throw new Error(`${fixture} does not validate: ${openapi.describeErrors(validate)}`)
})

describe('the checker itself', () => {
  test('a missing operation fails', () => {
    expect(() => openapi.requestValidator(doc, 'POST', '/api/v1/no-such-thing')).toThrow(/no operation/)
  })

  test('a wrong body fails', () => {
    const validate = openapi.requestValidator(doc, 'POST', '/api/v1/sessions/sms')
    expect(validate({ phone: '13800138000', code: '123456' })).toBe(false)
  })

  test('a section save with a field of another section fails', () => {
    expect(() => openapi.checkCall(doc, {
      method: 'PUT', path: '/api/v1/applications/current/evaluation', data: { mobile: '13800138000' },
    })).toThrow(/does not validate/)
  })

  test('submit for review: only {signed_sheet_file_id}, an integer (optional once the scan is stored)', () => {
    const path = '/api/v1/applications/current/submit-for-review'
    expect(() => openapi.checkCall(doc, { method: 'POST', path, data: { signed_sheet_file_id: 103 } })).not.toThrow()
    expect(() => openapi.checkCall(doc, { method: 'POST', path, data: {} })).not.toThrow()
    expect(() => openapi.checkCall(doc, { method: 'POST', path, data: { signed_sheet_file_id: '103' } })).toThrow(/does not validate/)
    expect(() => openapi.checkCall(doc, {
      method: 'POST', path, data: { signed_sheet_file_id: 103, confirm: true },
    })).toThrow(/does not validate/)
  })

  test('account deletion takes {password} or {sms_code} and nothing else', () => {
    const path = '/api/v1/accounts/me'
    expect(() => openapi.checkCall(doc, { method: 'DELETE', path, data: { password: 'abc12345' } })).not.toThrow()
    expect(() => openapi.checkCall(doc, { method: 'DELETE', path, data: { sms_code: '123456' } })).not.toThrow()
    expect(() => openapi.checkCall(doc, { method: 'DELETE', path, data: { confirm: true } })).toThrow(/does not validate/)
  })

  test('a query parameter the operation does not document fails', () => {
    expect(() => openapi.checkCall(doc, { method: 'GET', path: '/api/v1/contacts?prefecture=650200' })).toThrow(/no query parameter prefecture/)
  })

  test('an upload without its kind fails', () => {
    expect(() => openapi.checkCall(doc, {
      method: 'POST', path: '/api/v1/files', multipart: true, name: 'file', formData: {},
    })).toThrow(/does not validate/)
  })
})
