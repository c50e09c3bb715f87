/**
 * The 专家申报 overview: sections with ✓ or their number of problems, the
 * completeness list jumping to fields, credit-code confirmations, and 提交.
 */
const {
  loadPage, tap, textOf, settle, errorBody,
} = require('./helpers')
const { applicationServer, draftApplication, A } = require('./fixtures/application')

const PAGE = 'pages/application/index'
const LOGGED_IN = { auth_token: 'tok' }

const PROBLEMS = [
  { field: 'basic.id_number', section: 'basic', message: '身份证号码校验位不正确', severity: 'error' },
  { field: 'basic.photo_file_id', section: 'basic', message: '请上传一寸免冠照', severity: 'error' },
  { field: 'certificates[0].proof_file_id', section: 'qualification', message: '请上传证书的PDF证明', severity: 'error' },
  { field: 'specialties.primary.level3', section: 'specialties', message: '请选择首选评标专业的三级类别（无三级类别的二级类别可直接选报）', severity: 'error' },
]

const CREDIT_WARNING = {
  field: 'qualification.unit_credit_code',
  section: 'qualification',
  message: '统一社会信用代码校验位与国家标准（GB 32100）计算结果不一致，请仔细核对；如确认与营业执照一致，请勾选确认后提交',
  severity: 'warning',
}

async function open({ application = draftApplication(), problems = PROBLEMS } = {}) {
  const server = applicationServer({ application, problems })
  const env = loadPage(PAGE, { server, storage: LOGGED_IN })
  await env.comp.instance.onShow()
  await settle()
  return env
}

test('the state, the deadline, and each section with ✓ or its number of problems', async () => {
  const { comp } = await open()
  expect(textOf(comp, '#state')).toBe('资料填写')
  expect(textOf(comp, '#deadline')).toBe('2024年12月2日 18:30（北京时间）')
  expect(textOf(comp, '#section-basic-status')).toBe('2项待完善')
  expect(textOf(comp, '#section-qualification-status')).toBe('1项待完善')
  expect(textOf(comp, '#section-specialties-status')).toBe('1项待完善')
  expect(textOf(comp, '#section-evaluation-status')).toBe('✓')
  expect(textOf(comp, '#section-commitment-status')).toBe('✓')
})

test('the completeness list: section name and message; each item jumps to its field', async () => {
  const { comp, wx } = await open()
  expect(textOf(comp, '#problem-0')).toContain('基本信息')
  expect(textOf(comp, '#problem-0')).toContain('身份证号码校验位不正确')
  expect(textOf(comp, '#problem-2')).toContain('资格信息')

  await tap(comp, '#open-problem-0')
  expect(wx.navigateTo).toHaveBeenLastCalledWith({
    url: `/pages/application/basic/index?field=basic.id_number&message=${encodeURIComponent('身份证号码校验位不正确')}`,
  })
  await tap(comp, '#open-problem-2')
  expect(wx.navigateTo.mock.calls[1][0].url).toMatch(/^\/pages\/application\/qualification\/index\?field=certificates%5B0%5D\.proof_file_id&message=/)
  await tap(comp, '#open-problem-3')
  expect(wx.navigateTo.mock.calls[2][0].url).toMatch(/^\/pages\/application\/specialties\/index\?field=specialties\.primary\.level3/)
})

test('the jump lands on the section page with the message under that field', async () => {
  const { comp, wx } = await open()
  await tap(comp, '#open-problem-0')
  const { url } = wx.navigateTo.mock.calls[0][0]
  const [route, query] = url.split('?')
  const options = {}
  query.split('&').forEach((kv) => {
    const [k, v] = kv.split('=')
    options[k] = v // as WeChat hands them to onLoad: still encoded
  })

  const server = applicationServer({ problems: PROBLEMS })
  const page = loadPage(route.slice(1), { server, storage: LOGGED_IN })
  await page.comp.instance.onLoad(options)
  await settle(80)
  expect(textOf(page.comp, '#error-id_number')).toBe('身份证号码校验位不正确')
  expect(page.comp.instance.data.focusField).toBe('id_number')
  expect(page.wx.pageScrollTo).toHaveBeenCalledWith(expect.objectContaining({ selector: '#field-id_number' }))
})

test('a complete application says so and shows ✓ everywhere', async () => {
  const { comp } = await open({ problems: [] })
  expect(textOf(comp, '#complete')).toBe('所有必填项均已填写，可以提交。')
  expect(comp.querySelectorAll('.section-status').map((n) => n.dom.textContent.trim())).toEqual(Array(8).fill('✓'))
})

test('submit on 422 shows the returned problems as the completeness list', async () => {
  const { comp, server } = await open({ problems: [] })
  server.on('POST', `${A}/submit`, {
    status: 422,
    body: errorBody('incomplete', '还有2项需要完善', {
      'evaluation.email': '请输入电子邮箱（最多30个字符），培训费发票将发送到此邮箱',
      'commitment.commitment_letter_file_id': '请上传签字后的诚信承诺书',
    }),
  })
  await tap(comp, '#submit')
  await settle()
  expect(server.callsTo('POST', `${A}/submit`)).toHaveLength(1)
  expect(server.callsTo('POST', `${A}/submit`)[0].data).toBeUndefined()
  expect(textOf(comp, '#submit-error')).toBe('还有2项需要完善')
  expect(textOf(comp, '#problem-0')).toContain('参评信息')
  expect(textOf(comp, '#problem-0')).toContain('请输入电子邮箱（最多30个字符），培训费发票将发送到此邮箱')
  expect(textOf(comp, '#problem-1')).toContain('诚信承诺书')
  expect(textOf(comp, '#section-evaluation-status')).toBe('1项待完善')
  expect(comp.querySelector('#submit')).toBeTruthy()
})

test('a credit-code warning must be confirmed before submit; the checkbox sets the flag', async () => {
  const { comp, server, wx } = await open({
    application: draftApplication({ qualification: { unit_credit_code: '91650100MA77ABCD1X' } }),
    problems: [CREDIT_WARNING],
  })
  expect(textOf(comp, '#section-qualification-status')).toBe('1项待确认')
  expect(textOf(comp, '#problem-0')).toContain('GB 32100')
  expect(textOf(comp, '#confirm-0')).toBe('我确认信用代码无误')

  await tap(comp, '#submit')
  await settle()
  expect(server.callsTo('POST', `${A}/submit`)).toHaveLength(0)
  expect(textOf(comp, '#submit-error')).toBe('请先核对信用代码，并勾选“我确认信用代码无误”')

  await tap(comp, '#confirm-0')
  await settle()
  expect(server.callsTo('PUT', `${A}/qualification`)[0].data).toEqual({ unit_credit_code_confirmed: true })
  expect(comp.querySelector('#confirm-0 .box').dom.className).toContain('on')

  server.state.problems = []
  await tap(comp, '#submit')
  await settle(20)
  expect(wx.showModal).toHaveBeenCalled()
  expect(server.callsTo('POST', `${A}/submit`)).toHaveLength(1)
})

test("an avoidance unit's credit-code warning is confirmed on that unit", async () => {
  const { comp, server } = await open({
    application: draftApplication({
      avoidance_units: [{
        id: 3, name: '某公司', credit_code: '91650100MA77ABCD1X', credit_code_confirmed: false, description: null,
      }],
    }),
    problems: [{ ...CREDIT_WARNING, field: 'avoidance_units[0].credit_code', section: 'avoidance_units' }],
  })
  await tap(comp, '#confirm-0')
  await settle()
  expect(server.callsTo('PUT', `${A}/avoidance-units/3`)[0].data).toEqual({ credit_code_confirmed: true })
})

test('a successful submit: read-only, the state says 资料提交审核', async () => {
  const { comp, server, wx } = await open({ problems: [] })
  await tap(comp, '#submit')
  await settle(20)
  expect(server.callsTo('POST', `${A}/submit`)).toHaveLength(1)
  expect(wx.showToast).toHaveBeenCalledWith(expect.objectContaining({ title: '提交成功' }))
  expect(textOf(comp, '#state')).toBe('资料提交审核')
  expect(textOf(comp, '#readonly-notice')).toBe('申报资料已提交，不能修改。')
  expect(comp.querySelector('#submit')).toBeFalsy()
  expect(comp.querySelector('#completeness')).toBeFalsy()
})

test('the user may cancel the submit', async () => {
  const { comp, server, wx } = await open({ problems: [] })
  wx.showModal.mockImplementation((o) => setTimeout(() => o.success({ confirm: false, cancel: true }), 0))
  await tap(comp, '#submit')
  await settle()
  expect(server.callsTo('POST', `${A}/submit`)).toHaveLength(0)
})

test('past the deadline: 报名已截止', async () => {
  const { comp, server } = await open({ problems: [] })
  server.on('POST', `${A}/submit`, { status: 409, body: errorBody('conflict', '报名已截止') })
  await tap(comp, '#submit')
  await settle(20)
  expect(textOf(comp, '#submit-error')).toBe('报名已截止')
})

test('an application already submitted: read-only, no problems asked', async () => {
  const { comp, server } = await open({
    application: draftApplication({ state: 'info_submitted', state_label: '资料提交审核', allowed_actions: [] }),
  })
  expect(textOf(comp, '#state')).toBe('资料提交审核')
  expect(comp.querySelector('#submit')).toBeFalsy()
  expect(server.callsTo('GET', `${A}/problems`)).toHaveLength(0)
})

test('tapping a section opens its page', async () => {
  const { comp, wx } = await open()
  await tap(comp, '#section-specialties')
  expect(wx.navigateTo).toHaveBeenCalledWith({ url: '/pages/application/specialties/index' })
})

test('no batch: the server says so', async () => {
  const { comp, server } = await open()
  server.on('GET', A, { status: 404, body: errorBody('not_found', '当前没有开放的选聘批次') })
  await comp.instance.onShow()
  await settle()
  expect(textOf(comp, '#load-error')).toBe('当前没有开放的选聘批次')
})
