/**
 * The 评标专业 picker: drill-down, grey closed nodes, every pick checked by the
 * server (the fake answers with the server's rules and messages), the summary by
 * level, and saving the specialties section.
 */
const { save, loadPage, tap, textOf, settle } = require('./helpers')
const { applicationServer, draftApplication, A } = require('./fixtures/application')

const PAGE = 'pages/application/specialties/index'
const LOGGED_IN = { auth_token: 'tok' }

async function open(application = draftApplication()) {
  const server = applicationServer({ application })
  const env = loadPage(PAGE, { server, storage: LOGGED_IN })
  await env.comp.instance.onLoad({})
  await settle()
  return env
}

async function pick(comp, code) {
  await tap(comp, `#pick-${code}`)
  await settle()
}

const checks = (server) => server.callsTo('POST', `${A}/specialties/check`)

test('browses level 1 → level 2 → level 3 with a breadcrumb', async () => {
  const { comp } = await open()
  expect(comp.querySelectorAll('.node').map((n) => n.dom.textContent.replace(/\s+/g, ''))).toEqual([
    'A04设计下级›', 'A05监理下级›', 'A06工程造价不可选',
  ])
  await tap(comp, '#open-A04')
  expect(comp.querySelector('#pick-A0401')).toBeTruthy()
  await tap(comp, '#open-A0401')
  expect(comp.querySelector('#pick-A040101')).toBeTruthy()
  expect(textOf(comp, '#crumb-2')).toBe('A0401 建筑工程')
  await tap(comp, '#crumb-0')
  expect(comp.querySelector('#pick-A04')).toBeTruthy()
})

test('every pick asks the server with the candidate selection; an accepted pick joins the summary', async () => {
  const { comp, server } = await open()
  await pick(comp, 'A04')
  await tap(comp, '#open-A04')
  await pick(comp, 'A0401')
  expect(checks(server).map((c) => c.data)).toEqual([
    { primary: ['A04'], alternate: [] },
    { primary: ['A04', 'A0401'], alternate: [] },
  ])
  expect(comp.instance.data.form.primary).toEqual(['A04', 'A0401'])
  expect(textOf(comp, '#primary-level1')).toContain('A04 设计')
  expect(textOf(comp, '#primary-level2')).toContain('A0401 建筑工程')
  expect(textOf(comp, '#primary-level3')).toContain('未选择')
})

test("a fifth level-3 pick is refused with the server's message", async () => {
  const { comp, server, wx } = await open(draftApplication({
    specialties: { primary: ['A04', 'A0401', 'A040101', 'A040102', 'A040103', 'A040104'], alternate: [] },
  }))
  await tap(comp, '#open-A04')
  await tap(comp, '#open-A0401')
  await pick(comp, 'A040105')

  const message = '首选评标专业的三级类别最多选4项（无三级类别的二级类别计为1项）'
  expect(checks(server)).toHaveLength(1)
  expect(checks(server)[0].data.primary).toEqual(['A04', 'A0401', 'A040101', 'A040102', 'A040103', 'A040104', 'A040105'])
  expect(textOf(comp, '#picker-message')).toBe(message)
  expect(wx.showToast).toHaveBeenCalledWith(expect.objectContaining({ title: message }))
  expect(comp.instance.data.form.primary).not.toContain('A040105')
  expect(textOf(comp, '#primary-level3')).not.toContain('A040105')
})

test("a level-2 node under another level-1 is refused with the server's message", async () => {
  const { comp, server } = await open(draftApplication({ specialties: { primary: ['A04'], alternate: [] } }))
  await tap(comp, '#open-A05')
  await pick(comp, 'A0501')
  expect(checks(server)[0].data).toEqual({ primary: ['A04', 'A0501'], alternate: [] })
  expect(textOf(comp, '#picker-message')).toBe('首选评标专业的二级类别须在所选一级类别下选报：A0501 建筑工程')
  expect(comp.instance.data.form.primary).toEqual(['A04'])
})

test('the message shown is whatever the server answers (the client has no rules of its own)', async () => {
  const { comp, server } = await open()
  server.on('POST', `${A}/specialties/check`, {
    status: 200, body: { problems: [{ field: 'specialties.primary.level1', message: '本批次暂停受理该类别', code: 'A04' }] },
  })
  await pick(comp, 'A04')
  expect(textOf(comp, '#picker-message')).toBe('本批次暂停受理该类别')
  expect(comp.instance.data.form.primary).toEqual([])
})

test('grey closed nodes do nothing: no pick, no drill-down, no server call', async () => {
  const { comp, server, wx } = await open()
  expect(comp.querySelector('#node-A06').dom.className).toContain('grey')
  await pick(comp, 'A06')
  expect(checks(server)).toHaveLength(0)
  expect(wx.showToast).toHaveBeenCalledWith(expect.objectContaining({ title: '该专业本批次不可选择' }))
  expect(textOf(comp, '#picker-message')).toBe('该专业本批次不可选择')
  expect(comp.instance.data.form.primary).toEqual([])
  expect(comp.querySelector('#open-A06')).toBeFalsy() // nothing under a grey node can be picked
  // A closed level-3 node inside an open branch is grey too.
  await tap(comp, '#open-A05')
  await tap(comp, '#open-A0501')
  expect(comp.querySelector('#node-A050102').dom.className).toContain('grey')
  expect(comp.querySelector('#node-A050101').dom.className).not.toContain('grey')
  await pick(comp, 'A050102')
  expect(checks(server)).toHaveLength(0)
})

test('removing from the summary also removes what was picked under it; no server call', async () => {
  const { comp, server } = await open(draftApplication({
    specialties: { primary: ['A04', 'A0401', 'A040101', 'A0402', 'A040201'], alternate: [] },
  }))
  await tap(comp, '#remove-primary-A0401')
  expect(comp.instance.data.form.primary).toEqual(['A04', 'A0402', 'A040201'])
  expect(textOf(comp, '#primary-level3')).toContain('A040201 市政线路、站场')
  expect(textOf(comp, '#primary-level3')).not.toContain('A040101')
  expect(checks(server)).toHaveLength(0)
})

test('tapping a picked node un-picks it', async () => {
  const { comp } = await open(draftApplication({ specialties: { primary: ['A04'], alternate: [] } }))
  expect(comp.querySelector('#node-A04').dom.className).toContain('picked')
  await pick(comp, 'A04')
  expect(comp.instance.data.form.primary).toEqual([])
})

test('the alternate set: picks go to it, and repeating the primary set is refused by the server', async () => {
  const { comp, server } = await open(draftApplication({ specialties: { primary: ['A04', 'A0401'], alternate: [] } }))
  await tap(comp, '#side-alternate')
  await pick(comp, 'A05')
  expect(checks(server)[0].data).toEqual({ primary: ['A04', 'A0401'], alternate: ['A05'] })
  expect(textOf(comp, '#alternate-level1')).toContain('A05 监理')
  await pick(comp, 'A04')
  expect(textOf(comp, '#picker-message')).toBe('备选评标专业的一级类别只能选1项')
  expect(comp.instance.data.form.alternate).toEqual(['A05'])
})

test('保存 PATCHes the specialties section with both sets', async () => {
  const { comp, server } = await open()
  await pick(comp, 'A04')
  await tap(comp, '#open-A04')
  await pick(comp, 'A0401')
  await save(comp)
  await settle()
  const [patch] = server.callsTo('PUT', `${A}/specialties`)
  expect(patch.data).toEqual({ primary: ['A04', 'A0401'], alternate: [] })
  expect(server.state.application.specialties.primary).toEqual(['A04', 'A0401'])
})

test('opened from the completeness list: the message is under the set it concerns', async () => {
  const server = applicationServer({
    problems: [{
      field: 'specialties.primary', section: 'specialties', message: '请选择首选评标专业', severity: 'error',
    }],
  })
  const { comp, wx } = loadPage(PAGE, { server, storage: LOGGED_IN })
  await comp.instance.onLoad({ field: 'specialties.primary', message: encodeURIComponent('请选择首选评标专业') })
  await settle(80)
  expect(textOf(comp, '#error-primary')).toBe('请选择首选评标专业')
  expect(textOf(comp, '#error-alternate')).toBe('')
  expect(wx.pageScrollTo).toHaveBeenCalledWith(expect.objectContaining({ selector: '#field-primary' }))
})

test('read-only after submit: no picking, no saving', async () => {
  const { comp, server } = await open(draftApplication({
    allowed_actions: [], state: 'info_submitted', specialties: { primary: ['A04'], alternate: [] },
  }))
  expect(comp.querySelector('#section-actions')).toBeFalsy()
  expect(comp.querySelector('#pick-A05')).toBeFalsy()
  expect(comp.querySelector('#remove-primary-A04')).toBeFalsy()
  expect(textOf(comp, '#primary-level1')).toContain('A04 设计')
  expect(checks(server)).toHaveLength(0)
})
