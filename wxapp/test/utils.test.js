/** validate.js (the server's messages), time.js (Beijing time) and the status card. */
const validate = require('../miniprogram/utils/validate')
const { parseIso, formatBeijing, formatRange } = require('../miniprogram/utils/time')
const { describeApplication } = require('../miniprogram/utils/application-status')

describe('validate', () => {
  test.each([
    ['', '请填写用户名'],
    ['   ', '请填写用户名'],
    ['abc', '用户名须为4-20位字母、数字或下划线，且以字母开头'],
    ['1abcd', '用户名须为4-20位字母、数字或下划线，且以字母开头'],
    ['abc-d', '用户名须为4-20位字母、数字或下划线，且以字母开头'],
    ['a'.repeat(21), '用户名须为4-20位字母、数字或下划线，且以字母开头'],
    ['张三丰丰', '用户名须为4-20位字母、数字或下划线，且以字母开头'],
    ['abcd', ''],
    ['Zhang_San_2024', ''],
    ['a'.repeat(20), ''],
  ])('username %j', (value, message) => {
    expect(validate.username(value)).toBe(message)
  })

  test.each([
    ['', '请填写密码'],
    ['abc1234', '密码至少8位，且须同时包含字母和数字'],
    ['abcdefgh', '密码至少8位，且须同时包含字母和数字'],
    ['12345678', '密码至少8位，且须同时包含字母和数字'],
    [`a1${'x'.repeat(63)}`, '密码至少8位，且须同时包含字母和数字'],
    ['abc12345', ''],
    [`a1${'x'.repeat(62)}`, ''],
    ['密码密码密码ab12', ''],
  ])('password %j', (value, message) => {
    expect(validate.password(value)).toBe(message)
  })

  test('confirm password', () => {
    expect(validate.confirmPassword('abc12345', 'abc12345')).toBe('')
    expect(validate.confirmPassword('abc12346', 'abc12345')).toBe('两次输入的密码不一致')
    expect(validate.confirmPassword('', 'abc12345')).toBe('两次输入的密码不一致')
  })

  test.each([
    ['', '请填写手机号'],
    ['1380013800', '请输入正确的11位手机号'],
    ['12800138000', '请输入正确的11位手机号'],
    ['138001380000', '请输入正确的11位手机号'],
    ['1380013800a', '请输入正确的11位手机号'],
    ['13800138000', ''],
    ['19912345678', ''],
  ])('phone %j', (value, message) => {
    expect(validate.phone(value)).toBe(message)
  })

  test.each([
    ['', '请填写验证码'],
    ['12345', '请输入6位数字验证码'],
    ['1234567', '请输入6位数字验证码'],
    ['12345a', '请输入6位数字验证码'],
    ['012345', ''],
  ])('sms code %j', (value, message) => {
    expect(validate.smsCode(value)).toBe(message)
  })

  test('login', () => {
    expect(validate.login('')).toBe('请填写用户名或手机号')
    expect(validate.login('13800138000')).toBe('')
  })

  test('validateFields keeps only the failing fields', () => {
    const errors = validate.validateFields(
      { phone: '13800138000', sms_code: '' },
      { phone: validate.phone, sms_code: validate.smsCode },
    )
    expect(errors).toEqual({ sms_code: '请填写验证码' })
    expect(validate.hasErrors(errors)).toBe(true)
    expect(validate.hasErrors({})).toBe(false)
  })
})

describe('time', () => {
  test('offsets, Z and naive values (read as Beijing time)', () => {
    const expected = Date.UTC(2024, 10, 15, 2, 30)
    expect(parseIso('2024-11-15T10:30:00+08:00')).toBe(expected)
    expect(parseIso('2024-11-15T02:30:00Z')).toBe(expected)
    expect(parseIso('2024-11-15T02:30:00.000000+00:00')).toBe(expected)
    expect(parseIso('2024-11-15T10:30:00')).toBe(expected)
    expect(parseIso('2024-11-14T21:30:00-05:00')).toBe(expected)
    expect(Number.isNaN(parseIso('not a date'))).toBe(true)
  })

  test('formats in Beijing time whatever the zone of the value', () => {
    expect(formatBeijing('2024-12-02T10:30:00Z')).toBe('2024年12月2日 18:30')
    expect(formatBeijing('2024-12-31T16:05:00Z')).toBe('2025年1月1日 00:05')
    expect(formatBeijing(null)).toBe('')
    expect(formatRange('2024-11-15T10:30:00+08:00', '2024-12-02T18:30:00+08:00'))
      .toBe('2024年11月15日 10:30 至 2024年12月2日 18:30')
  })
})

describe('application status', () => {
  const batch = {
    registration_opens_at: '2024-11-15T10:30:00+08:00',
    registration_closes_at: '2024-12-02T18:30:00+08:00',
  }

  test('no application yet: 尚未开始申报 with the registration window', () => {
    expect(describeApplication(null, { ...batch, phase: 'not_open' })).toMatchObject({
      state: 'not_started',
      title: '尚未开始申报',
      hint: '报名尚未开始，报名时间：2024年11月15日 10:30 至 2024年12月2日 18:30',
    })
    expect(describeApplication(null, { ...batch, phase: 'registration' }).hint)
      .toBe('报名时间：2024年11月15日 10:30 至 2024年12月2日 18:30，请在截止前完成申报')
    expect(describeApplication(null, { ...batch, phase: 'review' }).hint)
      .toBe('本批次报名已截止（报名时间：2024年11月15日 10:30 至 2024年12月2日 18:30）')
  })

  test('no batch', () => {
    expect(describeApplication(null, null)).toMatchObject({ state: 'no_batch', title: '暂无开放的选聘批次' })
  })
})

describe('validate: messages name the field by its label, as the server does', () => {
  test.each([
    [() => validate.password('', '新密码'), '请填写新密码'],
    [() => validate.passwordPresent('', '原密码'), '请填写原密码'],
    [() => validate.phone('', '新手机号'), '请填写新手机号'],
    [() => validate.smsCode(''), '请填写验证码'],
    [() => validate.required('工作单位名称'), '请填写工作单位名称'],
  ])('%#', (check, message) => {
    expect(check()).toBe(message)
  })

  test('a rule passed as it is to validateFields keeps its default label', () => {
    expect(validate.validateFields({ phone: '' }, { phone: validate.phone })).toEqual({ phone: '请填写手机号' })
  })
})

describe('ID number (GB 11643)', () => {
  const { checkIdNumber, checkCharacter } = require('../miniprogram/utils/id-number') // eslint-disable-line global-require

  test('the check character uses the GB 11643 weights', () => {
    expect(checkCharacter('11010519491231002')).toBe('X')
    expect(checkCharacter('44052418800101001')).toBe('4')
  })

  test('a valid number gives birth (YYYY-MM) and gender; lower-case x is accepted and shown upper-case', () => {
    expect(checkIdNumber('11010519491231002x')).toEqual({
      ok: true, number: '11010519491231002X', error: '', birth: '1949-12', gender: '女',
    })
    expect(checkIdNumber('440524188001010014')).toMatchObject({ ok: true, birth: '1880-01', gender: '男' })
    expect(validate.idNumber('11010519491231002X')).toBe('')
  })

  test.each([
    ['', '请输入身份证号码'],
    ['11010519491231002', '身份证号码应为18位'],
    ['1101051949123100AX', '身份证号码前17位应为数字，最后一位应为数字或X'],
    ['99010519491231002X', '身份证号码前2位不是有效的省级行政区划代码'],
    ['110105194913310025', '身份证号码中的出生日期19491331不是有效日期'],
    ['110105194912310021', '身份证号码校验位不正确'],
  ])('%j: %s', (value, message) => {
    expect(validate.idNumber(value)).toBe(message)
  })

  test('a birth date after today is refused', () => {
    expect(checkIdNumber('11010520990101001X', { today: '20241120' }).error).toBe('身份证号码中的出生日期20990101晚于今天')
  })
})

describe('application form map', () => {
  const appForm = require('../miniprogram/utils/application') // eslint-disable-line global-require

  test.each([
    ['basic.id_number', {
      section: 'basic', field: 'id_number', anchor: 'id_number', list: '',
    }],
    ['specialties.primary.level3', { section: 'specialties', field: 'primary.level3', anchor: 'primary' }],
    ['certificates[1].name', {
      section: 'qualification', list: 'certificates', index: 1, key: 'name', anchor: 'certificates-1',
    }],
    ['avoidance_units[0].credit_code', { section: 'avoidance_units', list: 'avoidance_units', index: 0 }],
    ['commitment.commitment_letter_file_id', { section: 'commitment', field: 'commitment_letter_file_id' }],
    ['id_number', { section: 'basic', field: 'id_number' }],
    ['certificates', { section: 'qualification', field: 'certificates' }],
  ])('locate %s', (field, expected) => {
    expect(appForm.locate(field)).toMatchObject(expected)
  })

  test('a problem jumps to its section page with the field and the message', () => {
    expect(appForm.fieldUrl('basic.id_number', '身份证号码校验位不正确'))
      .toBe(`/pages/application/basic/index?field=basic.id_number&message=${encodeURIComponent('身份证号码校验位不正确')}`)
    expect(appForm.fieldUrl('certificates[0].name', 'x')).toMatch(/^\/pages\/application\/qualification\/index\?field=certificates%5B0%5D.name/)
    expect(appForm.fieldUrl('nowhere.at_all', 'x')).toBe('')
  })

  test('section summaries count errors and warnings per section', () => {
    const summaries = appForm.sectionSummaries([
      { field: 'basic.name', message: '请填写姓名', severity: 'error' },
      { field: 'basic.photo_file_id', message: '请上传一寸免冠照', severity: 'error' },
      { field: 'qualification.unit_credit_code', message: '校验位…', severity: 'warning' },
    ])
    const byKey = {}
    summaries.forEach((s) => { byKey[s.key] = s })
    expect(byKey.basic).toMatchObject({ errors: 2, warnings: 0, ok: false })
    expect(byKey.qualification).toMatchObject({ errors: 0, warnings: 1, ok: false })
    expect(byKey.evaluation).toMatchObject({ errors: 0, warnings: 0, ok: true })
    expect(summaries.map((s) => s.title)).toEqual(['基本信息', '资格信息', '参评信息', '评标专业', '工作经历', '回避单位', '续聘信息', '诚信承诺书'])
  })

  test('the save body of a section holds exactly its input fields, blanks as null', () => {
    const form = appForm.formOf({ qualification: { years_of_practice: 12, work_unit: '某设计院' } }, 'qualification')
    expect(appForm.saveBody('qualification', { ...form, unit_office_phone: '  ' })).toEqual({
      profession_level1: null,
      profession_level2: null,
      years_of_practice: 12,
      work_unit: '某设计院',
      unit_credit_code: null,
      unit_credit_code_confirmed: null,
      unit_office_phone: null,
    })
    expect(Object.keys(appForm.saveBody('evaluation', {}))).toEqual(['accepts_remote_evaluation', 'willing_emergency_expert', 'email', 'backup_mobile'])
    expect(appForm.saveBody('commitment', { commitment_letter_file_id: 7 })).toEqual({ commitment_letter_file_id: 7 })
  })
})

describe('application states on the status card', () => {
  const { STATES, stateLabel } = require('../miniprogram/utils/application-status') // eslint-disable-line global-require

  test.each([
    ['draft', '资料填写'],
    ['info_submitted', '资料提交审核'],
    ['pending_review', '待审核'],
    ['rejected', '已驳回'],
    ['approved', '审核通过'],
    ['paid', '已缴费'],
    ['admitted', '已入库'],
    ['failed', '未通过'],
  ])('%s is %s', (state, label) => {
    expect(stateLabel(state)).toBe(label)
    expect(describeApplication({ state, state_label: 'x' }, null).title).toBe(label)
  })

  test('a state without allowed actions offers no button of its own', () => {
    expect(describeApplication({ state: 'draft', state_label: '资料填写' }, null)).toMatchObject({ action: null, nextStep: '' })
  })

  test('an unknown state shows the server label', () => {
    expect(describeApplication({ state: 'archived', state_label: '已归档' }, null)).toMatchObject({ title: '已归档', action: null })
  })
})

describe('the review: field labels, notes by section, states', () => {
  const appForm = require('../miniprogram/utils/application') // eslint-disable-line global-require
  const review = require('../miniprogram/utils/review') // eslint-disable-line global-require
  const fx = require('./fixtures/application') // eslint-disable-line global-require

  test.each([
    ['basic.photo_file_id', '基本信息 · 一寸免冠照'],
    ['basic.id_number', '基本信息 · 身份证号码'],
    ['qualification.unit_credit_code_confirmed', '资格信息 · 统一社会信用代码'],
    ['certificates[0].proof_file_id', '资格信息 · 职业资格证书1 · PDF证明'],
    ['certificates', '资格信息 · 职业资格证书'],
    ['avoidance_units[1].credit_code', '回避单位 · 回避单位2 · 信用代码'],
    ['avoidance_units', '回避单位'],
    ['specialties.primary.level3', '评标专业 · 首选评标专业'],
    ['evaluation.email', '参评信息 · 电子邮箱'],
    ['commitment.commitment_letter_file_id', '诚信承诺书'],
    ['review.signed_sheet_file_id', '签字盖章的申请和资格审查表'],
    ['basic', '基本信息'],
    ['something.else', 'something.else'],
  ])('fieldLabel(%s) is %s', (path, label) => {
    expect(appForm.fieldLabel(path)).toBe(label)
  })

  test('the notes of a section: under their fields, list items, and the rest at the top', () => {
    const application = fx.withdrawnApplication({
      reasons: 'x',
      field_marks: {
        'basic.photo_file_id': '照片不清晰',
        'basic.gender': '',
        'basic.unknown_field': '请补充',
        basic: '基本信息整体需核对',
        'certificates[1].name': '名称与证书不符',
        'certificates[1].proof_file_id': '证书已过期',
        'qualification.unit_credit_code_confirmed': '请核对信用代码',
        'review.signed_sheet_file_id': '缺少盖章',
      },
      decided_at: '2024-11-22T11:00:00+08:00',
    })
    expect(review.sectionNotes(application, 'basic')).toEqual({
      notes: { photo_file_id: '照片不清晰', gender: '请核对并修改此项' },
      itemNotes: {},
      generalNotes: ['基本信息 · unknown_field：请补充', '基本信息整体需核对'],
    })
    expect(review.sectionNotes(application, 'qualification')).toEqual({
      notes: { unit_credit_code: '请核对信用代码' },
      itemNotes: { 'certificates-1': '证书名称：名称与证书不符；PDF证明：证书已过期' },
      generalNotes: [],
    })
    expect(review.sectionNotes(application, 'evaluation')).toEqual({ notes: {}, itemNotes: {}, generalNotes: [] })
    expect(review.sectionNotes(fx.draftApplication(), 'basic')).toEqual({ notes: {}, itemNotes: {}, generalNotes: [] })
    expect(review.markOf(application, 'review.signed_sheet_file_id')).toBe('缺少盖章')
    expect(review.markOf(application, 'basic.name')).toBe('')
  })

  test('the rejection for display and the decisions, newest first', () => {
    const application = fx.rejectedApplication()
    application.review.decisions = [fx.APPROVAL, { decision: 'rejected', ...fx.REJECTION }]
    const view = review.rejectionView(application)
    expect(view.reasons).toBe(fx.REJECTION.reasons)
    expect(view.decidedText).toBe('2024年11月22日 11:00')
    expect(view.marks.map((m) => [m.label, m.note, m.url])).toEqual([
      ['基本信息 · 一寸免冠照', '照片不清晰', '/pages/application/basic/index?field=basic.photo_file_id'],
      ['基本信息 · 职称证书', '缺少职称证书第二页', '/pages/application/basic/index?field=basic.title_certificate_file_id'],
      ['资格信息 · 职业资格证书1 · PDF证明', '证书已过期', `/pages/application/qualification/index?field=${encodeURIComponent('certificates[0].proof_file_id')}`],
      ['评标专业 · 首选评标专业', '请核对并修改此项', '/pages/application/specialties/index?field=specialties.primary'],
      ['签字盖章的申请和资格审查表', '缺少所在单位盖章', ''],
    ])
    expect(review.decisionRows(application).map((d) => d.label)).toEqual(['驳回', '审核通过'])
    expect(review.rejectionView(fx.approvedApplication())).toBeNull()
  })

  test('describeApplication for every state up to 审核通过: buttons and the next step from allowed_actions', () => {
    const batch = { registration_closes_at: '2024-12-02T18:30:00+08:00' }
    const now = Date.parse('2024-11-29T10:10:00+08:00') // 3 days 8 hours 20 minutes before the deadline
    const d = (application, b = batch) => describeApplication(application, b, now)
    expect(d(fx.draftApplication())).toMatchObject({
      title: '资料填写',
      tone: 'active',
      nextStep: '下一步：提交资料',
      deadline: { text: '2024年12月2日 18:30（北京时间）', left: '3天8小时20分' },
      action: { text: '提交资料', url: '/pages/application/index' },
      secondary: null,
      expertNumber: '',
    })
    expect(d(fx.withdrawnApplication())).toMatchObject({
      title: '资料填写', tone: 'warn', hint: '申请曾被驳回，请按审核意见修改后重新提交',
    })
    expect(d(fx.submittedApplication())).toMatchObject({
      title: '资料提交审核',
      nextStep: '下一步：提交审核',
      action: { text: '提交审核', url: '/pages/application/review/index' },
      secondary: { text: '撤回', op: 'withdraw' },
    })
    expect(d(fx.pendingApplication())).toMatchObject({
      title: '待审核', deadline: null, action: { text: '查看审核进度', url: '/pages/application/review/index' },
    })
    expect(d(fx.rejectedApplication())).toMatchObject({
      title: '已驳回',
      tone: 'warn',
      detail: '驳回理由：照片不符合要求，职称证书缺页，请修改后重新提交',
      action: { text: '查看驳回理由', url: '/pages/application/review/index' },
      secondary: { text: '撤回', op: 'withdraw' },
    })
    const refused = fx.rejectedApplication(fx.REJECTION, {
      allowed_actions: [fx.action('withdraw', false, { reason: '报名已截止，撤回后将无法重新提交' })],
    })
    expect(d(refused)).toMatchObject({ secondary: null, nextBlocked: true, nextStep: '撤回：报名已截止，撤回后将无法重新提交' })
    expect(d(fx.approvedApplication())).toMatchObject({
      title: '审核通过',
      tone: 'ok',
      expertNumber: 'B001-650100-0001',
      nextBlocked: true,
      nextStep: '网上缴费：审核通过5日后方可缴费，将于2024年11月28日 09:30（北京时间）开放',
    })
  })

  test('the countdown: days, hours and minutes; under a minute; past', () => {
    const { timeLeft } = require('../miniprogram/utils/time') // eslint-disable-line global-require
    const at = Date.parse('2024-12-02T18:30:00+08:00')
    expect(timeLeft('2024-12-02T18:30:00+08:00', at - ((2 * 24 + 5) * 60 + 7) * 60000)).toBe('2天5小时7分')
    expect(timeLeft('2024-12-02T18:30:00+08:00', at - 65 * 60000)).toBe('1小时5分')
    expect(timeLeft('2024-12-02T18:30:00+08:00', at - 9 * 60000)).toBe('9分')
    expect(timeLeft('2024-12-02T18:30:00+08:00', at - 30000)).toBe('不到1分钟')
    expect(timeLeft('2024-12-02T18:30:00+08:00', at)).toBe('已截止')
    expect(timeLeft('', at)).toBe('')
  })

  test('the desktop-upload slot of the signed sheet is the application\'s signed_sheet_file_id', () => {
    expect(appForm.fileOfSlot(fx.submittedApplication(), 'signed_review_sheet')).toBeNull()
    expect(appForm.fileOfSlot(fx.pendingApplication(), 'signed_review_sheet')).toMatchObject({ id: 103, name: '审查表（签字盖章）.pdf' })
  })
})
