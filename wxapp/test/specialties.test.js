/**
 * The 评标专业 picker against the real server (the suite's Flask server with the bundled 2018
 * catalog): the limits it states come from GET /reference/rules, every node shown is asked about
 * and greyed with the server's own reason, and nothing here copies a rule. Expected messages are
 * built from the server's answers, not written out.
 */
const {
  RealServer, FakeServer, save, loadPage, tap, textOf, settle,
} = require('./helpers')
const { call, newApplicant } = require('./support/real-server')
const fx = require('./fixtures/application')

const PAGE = 'pages/application/specialties/index'

let rules

beforeAll(async () => {
  rules = (await call('GET', '/api/v1/reference/rules')).body.specialties
})

async function open({ server = new RealServer() } = {}) {
  const applicant = await newApplicant()
  const env = loadPage(PAGE, { server, storage: { auth_token: applicant.token } })
  await env.comp.instance.onLoad({})
  await settle()
  return { ...env, applicant }
}

function row(comp, code) {
  return comp.instance.data.rows.find((r) => r.code === code)
}

const checks = (server) => server.callsTo('POST', '/api/v1/applications/current/specialties/check')

test("the notice states the server's limits", async () => {
  const { comp } = await open()
  const notice = textOf(comp, '#picker-notice')
  expect(notice).toContain(`一级类别选${rules.max_level1}项`)
  expect(notice).toContain(`最多${rules.max_level2}项`)
  expect(notice).toContain(`三级类别须在所选二级类别下选报，最多${rules.max_level3_picks}项`)
})

test('when the server states another MAX_LEVEL3_PICKS, the picker says that one (it keeps no copy)', async () => {
  const server = new RealServer().on('GET', '/api/v1/reference/rules', {
    status: 200, body: { specialties: { ...rules, max_level3_picks: rules.max_level3_picks - 1 } },
  })
  const { comp } = await open({ server })
  expect(textOf(comp, '#picker-notice')).toContain(`三级类别须在所选二级类别下选报，最多${rules.max_level3_picks - 1}项`)
})

test('every node shown is asked about; before anything is picked every level-1 node may be picked', async () => {
  const { comp, server } = await open()
  const codes = comp.instance.data.rows.map((r) => r.code)
  expect(codes).toEqual(['A01', 'A02', 'A03', 'A04', 'A05', 'A06', 'A07', 'A08', 'A09'])
  expect(comp.instance.data.rows.every((r) => !r.blocked && !r.checking)).toBe(true)
  const asked = checks(server).map((c) => c.data.primary)
  codes.forEach((code) => expect(asked).toContainEqual([code]))
})

test('after a level-1 pick the other level-1 nodes are grey and say why; a tap repeats the reason and picks nothing', async () => {
  const { comp, wx } = await open()
  await tap(comp, '#pick-A04')
  expect(comp.instance.data.form.primary).toEqual(['A04'])
  const reason = row(comp, 'A05').reason
  expect(reason).toBe(`首选评标专业的一级类别只能选${rules.max_level1}项`)
  expect(textOf(comp, '#reason-A05')).toBe(`不可选：${reason}`)
  expect(comp.querySelector('#node-A05').dom.className).toContain('grey')
  expect(row(comp, 'A04')).toMatchObject({ pickedHere: true, blocked: false })
  await tap(comp, '#pick-A05')
  expect(comp.instance.data.form.primary).toEqual(['A04'])
  expect(textOf(comp, '#picker-message')).toBe(reason)
  expect(wx.showToast).toHaveBeenLastCalledWith(expect.objectContaining({ title: reason }))
})

test('a level-2 node is grey until its level-1 node is picked, with the server\'s reason', async () => {
  const { comp } = await open()
  await tap(comp, '#open-A04')
  expect(row(comp, 'A0401').reason).toBe('首选评标专业的二级类别须在所选一级类别下选报：A0401 建筑工程')
  await tap(comp, '#crumb-0')
  await tap(comp, '#pick-A04')
  await tap(comp, '#open-A04')
  expect(row(comp, 'A0401').blocked).toBe(false)
})

test(`one level-3 pick more than the server allows is grey: the limit comes from the server`, async () => {
  const { comp } = await open()
  await tap(comp, '#pick-A04')
  await tap(comp, '#open-A04')
  await tap(comp, '#pick-A0401')
  await tap(comp, '#open-A0401')
  const level3 = comp.instance.data.rows.map((r) => r.code)
  for (const code of level3.slice(0, rules.max_level3_picks)) await tap(comp, `#pick-${code}`) // eslint-disable-line no-await-in-loop
  const next = level3[rules.max_level3_picks]
  expect(row(comp, next).reason).toBe(`首选评标专业的三级类别最多选${rules.max_level3_picks}项（无三级类别的二级类别计为1项）`)
  expect(textOf(comp, '#primary-level3').split('A04').length - 1).toBe(rules.max_level3_picks)
  // Un-picking one makes room again.
  await tap(comp, `#pick-${level3[0]}`)
  expect(row(comp, next).blocked).toBe(false)
})

test('the alternate set may not repeat the primary set: the server says so on the node', async () => {
  const { comp } = await open()
  await tap(comp, '#pick-A04')
  await tap(comp, '#side-alternate')
  expect(row(comp, 'A04').reason).toBe('备选评标专业不得与首选评标专业重复：A04 设计')
  expect(row(comp, 'A05').blocked).toBe(false)
  await tap(comp, '#pick-A05')
  expect(comp.instance.data.form.alternate).toEqual(['A05'])
  expect(textOf(comp, '#alternate-level1')).toContain('A05')
})

test('removing from the summary also removes what was picked under it', async () => {
  const { comp } = await open()
  await tap(comp, '#pick-A04')
  await tap(comp, '#open-A04')
  await tap(comp, '#pick-A0401')
  await tap(comp, '#remove-primary-A04')
  expect(comp.instance.data.form.primary).toEqual([])
})

test('保存 stores the picks on the server', async () => {
  const { comp, applicant } = await open()
  await tap(comp, '#pick-A04')
  await save(comp)
  const stored = await call('GET', '/api/v1/applications/current', undefined, applicant.token)
  expect(stored.body.specialties.primary).toEqual(['A04'])
})

test('read-only when the server does not offer edit: no picking, no saving', async () => {
  const server = fx.applicationServer({ application: fx.submittedApplication({ specialties: { primary: ['A04'], alternate: [] } }) })
  const env = loadPage(PAGE, { server, storage: { auth_token: 'tok' } })
  await env.comp.instance.onLoad({})
  await settle()
  expect(textOf(env.comp, '#readonly-notice')).toBe('申报资料已提交，不能修改')
  expect(env.comp.querySelector('#pick-A04')).toBeFalsy()
  expect(env.comp.querySelector('#section-actions')).toBeFalsy()
  expect(server).toBeInstanceOf(FakeServer)
})
