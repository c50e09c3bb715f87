/**
 * 资料提交审核 and the review: the review sheet preview and its PDF, the signed scan and
 * 提交审核, 待审核 / 已驳回 / 审核通过, 撤回 (confirmed first), and the reviewer's notes next to
 * their fields while the applicant edits again.
 */
const {
  apiBase, loadPage, reloadPage, tap, textOf, settle, errorBody, FakeServer, batchBody,
} = require('./helpers')
const fx = require('./fixtures/application')

const { A } = fx
const PAGE = 'pages/application/review/index'
const LOGGED_IN = { auth_token: 'tok' }
const WITHDRAW_CONFIRM = '撤回后可修改资料，修改后须重新提交并上传签字盖章的审查表'

async function open(application, server = fx.applicationServer({ application })) {
  const env = loadPage(PAGE, { server, storage: LOGGED_IN })
  await env.comp.instance.onLoad({})
  await env.comp.instance.onShow()
  await settle(10)
  return env
}

/** Open a page on the same fake server (its state carries on). */
async function openOn(server, page, options = {}) {
  const env = loadPage(page, { server, storage: LOGGED_IN })
  await env.comp.instance.onLoad(options)
  await settle(20)
  return env
}

const cellsOf = (comp, index) => comp.querySelectorAll(`#sheet-row-${index} .sheet-label, #sheet-row-${index} .sheet-value`)
  .map((n) => n.dom.textContent.trim())

describe('资料提交审核: the review sheet', () => {
  test('the preview shows the title, the submission and every row as the seed\'s table', async () => {
    const { comp, server } = await open(fx.submittedApplication())
    expect(server.callsTo('GET', `${A}/review-sheet`)).toHaveLength(1)
    expect(textOf(comp, '#state')).toBe('资料提交审核')
    expect(textOf(comp, '#check-note')).toBe('请再次核对所填信息的准确性')
    expect(textOf(comp, '#sheet-title')).toBe('新疆维吾尔自治区征集（特聘）房屋建筑和市政基础设施工程评标专家申请和资格审查表')
    expect(textOf(comp, '#sheet-meta')).toBe('第1次提交 · 提交时间：2024年11月21日 10:00（北京时间）')

    // Two label/value pairs on a line where the sheet has two, one where it has one.
    expect(cellsOf(comp, 0)).toEqual(['姓名', '张三', '性别', '女'])
    expect(cellsOf(comp, 3)).toEqual(['身份证', '11010519750601002X', '新增/续聘', '新增'])
    expect(cellsOf(comp, 4)).toEqual(['工作单位', '新疆某建筑设计研究院有限公司'])
    expect(comp.querySelector('#sheet-row-4').dom.className).toContain('single')
    // A heading across the table.
    expect(textOf(comp, '#sheet-row-5')).toBe('首选评标专业')
    expect(comp.querySelector('#sheet-row-5').dom.className).toContain('sheet-heading')
    expect(cellsOf(comp, 7)).toEqual(['二级类别', 'A0401建筑工程', '三级类别', 'A040101建筑总平面规划'])
    expect(comp.querySelectorAll('.sheet-row')).toHaveLength(fx.REVIEW_SHEET.rows.length)
  })

  test('the instructions of step 8: print, sign, stamp, scan to PDF, upload, 提交审核', async () => {
    const { comp } = await open(fx.submittedApplication())
    const steps = textOf(comp, '#steps')
    expect(steps).toContain('导出PDF')
    expect(steps).toContain('打印后经本人签字、所在单位盖章后扫描形成 pdf 文件')
    expect(steps).toContain('提交审核')
    expect(textOf(comp, '#review-deadline')).toBe('请在2024年12月2日 18:30（北京时间）前提交审核。')
    expect(comp.querySelector('#signed_sheet')).toBeTruthy()
    expect(comp.querySelector('#submit-review')).toBeTruthy()
  })

  test('导出PDF downloads the sheet with the bearer token, then opens it to print or forward', async () => {
    const { comp, server, wx } = await open(fx.submittedApplication())
    await tap(comp, '#export-pdf')
    await settle(10)
    expect(wx.downloadFile).toHaveBeenCalledTimes(1)
    const [download] = wx.downloadFile.mock.calls[0]
    expect(download.url).toBe(`${apiBase()}${A}/review-sheet.pdf`)
    expect(download.header.Authorization).toBe('Bearer tok')
    expect(server.calls[server.calls.length - 1]).toMatchObject({ method: 'GET', path: `${A}/review-sheet.pdf`, download: true })
    expect(wx.openDocument).toHaveBeenCalledWith(expect.objectContaining({
      filePath: 'wxfile://tmp/review-sheet.pdf', fileType: 'pdf', showMenu: true,
    }))
    expect(wx.downloadFile.mock.invocationCallOrder[0]).toBeLessThan(wx.openDocument.mock.invocationCallOrder[0])
  })

  test('a refused download shows the server\'s message and opens nothing', async () => {
    const { comp, server, wx } = await open(fx.submittedApplication())
    server.on('GET', `${A}/review-sheet.pdf`, { status: 404, body: errorBody('not_found', '尚未提交资料') })
    await tap(comp, '#export-pdf')
    await settle(10)
    expect(wx.openDocument).not.toHaveBeenCalled()
    expect(wx.showModal).toHaveBeenCalledWith(expect.objectContaining({ content: '尚未提交资料' }))
  })

  test('a sheet that cannot be read shows why, the rest of the page stays', async () => {
    const server = fx.applicationServer({ application: fx.submittedApplication() })
    server.on('GET', `${A}/review-sheet`, { status: 500, body: errorBody('server_error', '服务器繁忙，请稍后重试') })
    const { comp } = await open(null, server)
    expect(textOf(comp, '#sheet-error')).toBe('服务器繁忙，请稍后重试')
    expect(textOf(comp, '#state')).toBe('资料提交审核')
    expect(comp.querySelector('#submit-review')).toBeTruthy()
  })

  test('a draft has no sheet yet: the page says so and asks for nothing', async () => {
    const { comp, server, wx } = await open(fx.draftApplication())
    expect(server.callsTo('GET', `${A}/review-sheet`)).toHaveLength(0)
    expect(comp.querySelector('#sheet-card')).toBeFalsy()
    expect(textOf(comp, '#not-submitted')).toContain('尚未提交资料')
    await tap(comp, '#open-form')
    expect(wx.navigateTo).toHaveBeenCalledWith({ url: '/pages/application/index' })
  })
})

describe('资料提交审核: the signed scan and 提交审核', () => {
  test('提交审核 without a scan says what is missing and sends nothing', async () => {
    const { comp, server } = await open(fx.submittedApplication())
    await tap(comp, '#submit-review')
    expect(server.callsTo('POST', `${A}/submit-for-review`)).toHaveLength(0)
    expect(textOf(comp, '#submit-error')).toBe('请先上传签字盖章的申请和资格审查表（PDF）')
    expect(textOf(comp.querySelector('#signed_sheet'), '#upload-error')).toBe('请先上传签字盖章的申请和资格审查表（PDF）')
  })

  test('the PDF from a chat is uploaded as signed_review_sheet; 提交审核 sends exactly {signed_sheet_file_id}; the page shows 待审核', async () => {
    const { comp, server, wx } = await open(fx.submittedApplication())
    await tap(comp.querySelector('#signed_sheet'), '#choose')
    await settle(20)
    expect(wx.chooseMessageFile).toHaveBeenCalledWith(expect.objectContaining({ type: 'file', extension: ['pdf'] }))
    const [upload] = server.callsTo('POST', '/api/v1/files')
    expect(upload.multipart).toBe(true)
    expect(upload.formData).toEqual({ kind: 'signed_review_sheet', name: '扫描件.pdf' })
    expect(upload.header.Authorization).toBe('Bearer tok')
    expect(textOf(comp.querySelector('#signed_sheet'), '#current')).toContain('审查表（签字盖章）.pdf')
    // Nothing is saved until 提交审核.
    expect(server.calls.filter((c) => c.method === 'PUT')).toHaveLength(0)

    await tap(comp, '#submit-review')
    await settle(10)
    const [submit] = server.callsTo('POST', `${A}/submit-for-review`)
    expect(submit.data).toEqual({ signed_sheet_file_id: fx.STORED_SHEET.id })
    expect(Object.keys(submit.data)).toEqual(['signed_sheet_file_id'])
    expect(textOf(comp, '#state')).toBe('待审核')
    expect(textOf(comp, '#review-submitted-at')).toBe('2024年11月21日 15:20（北京时间）')
    expect(textOf(comp, '#state-hint')).toBe('已于2024年11月21日 15:20（北京时间）提交审核，请等待所在地住房城乡建设主管部门审核')
    expect(comp.querySelector('#submit-card')).toBeFalsy()
    expect(comp.querySelector('#check-note')).toBeFalsy()
    expect(wx.showToast).toHaveBeenCalledWith(expect.objectContaining({ title: '已提交审核' }))
  })

  test('逐页拍照上传: each page photo goes up in order, the server builds the scan, 提交审核 sends it', async () => {
    const { comp, server, wx } = await open(fx.submittedApplication())
    server.state.sheetPages = 2
    wx.__chosen.images = [
      { tempFilePath: 'wxfile://tmp/page1.jpg', size: 300000, fileType: 'image' },
      { tempFilePath: 'wxfile://tmp/page2.jpg', size: 310000, fileType: 'image' },
    ]
    await tap(comp, '#photograph-pages')
    await settle(20)
    expect(wx.chooseMedia).toHaveBeenCalledWith(expect.objectContaining({ mediaType: ['image'], sizeType: ['compressed'] }))
    const uploads = server.callsTo('POST', '/api/v1/files')
    expect(uploads.map((u) => [u.filePath, u.formData.kind])).toEqual([
      ['wxfile://tmp/page1.jpg', 'signed_sheet_page'], ['wxfile://tmp/page2.jpg', 'signed_sheet_page']])
    const [built] = server.callsTo('PUT', `${A}/signed-sheet/photos`)
    expect(built.data).toEqual({ page_file_ids: [501, 502] })
    expect(textOf(comp.querySelector('#signed_sheet'), '#current')).toContain('（照片）.pdf')
    await tap(comp, '#submit-review')
    await settle(10)
    expect(server.callsTo('POST', `${A}/submit-for-review`)[0].data).toEqual({ signed_sheet_file_id: fx.STORED_SHEET.id })
    expect(textOf(comp, '#state')).toBe('待审核')
  })

  test('逐页拍照上传 with fewer photos than pages says so under the upload', async () => {
    const { comp, server, wx } = await open(fx.submittedApplication())
    server.state.sheetPages = 2
    await tap(comp, '#photograph-pages')
    await settle(20)
    expect(textOf(comp.querySelector('#signed_sheet'), '#upload-error')).toContain('上传的扫描件只有1页')
    expect(wx.showToast).toHaveBeenCalledWith(expect.objectContaining({ title: expect.stringContaining('共2页') }))
  })

  test('a 409 (after the deadline) shows the server\'s message', async () => {
    const { comp, server, wx } = await open(fx.submittedApplication())
    server.state.registrationClosed = true
    await tap(comp.querySelector('#signed_sheet'), '#choose')
    await settle(20)
    await tap(comp, '#submit-review')
    await settle(20)
    expect(server.callsTo('POST', `${A}/submit-for-review`)).toHaveLength(1)
    expect(textOf(comp, '#submit-error')).toBe('报名已截止（2024年12月2日 18:30），不能再提交审核')
    expect(wx.showToast).toHaveBeenCalledWith(expect.objectContaining({ title: '报名已截止（2024年12月2日 18:30），不能再提交审核' }))
    expect(textOf(comp, '#state')).toBe('资料提交审核')
    // The state was read again.
    expect(server.callsTo('GET', A).length).toBeGreaterThanOrEqual(2)
  })

  test('a wrong file (422) shows the message under the upload', async () => {
    const { comp, server } = await open(fx.submittedApplication())
    const message = '该文件上传于本次提交资料之前，不是本次生成的申请和资格审查表；请下载本次的审查表，签字盖章后扫描上传'
    server.on('POST', `${A}/submit-for-review`, {
      status: 422, body: errorBody('invalid', message, { signed_sheet_file_id: message }),
    })
    await tap(comp.querySelector('#signed_sheet'), '#choose')
    await settle(20)
    await tap(comp, '#submit-review')
    await settle(10)
    expect(textOf(comp, '#submit-error')).toBe(message)
    expect(textOf(comp.querySelector('#signed_sheet'), '#upload-error')).toBe(message)
  })

  test('电脑上传 opens the desktop upload for the signed sheet; the scan that arrived is the one submitted', async () => {
    const { comp, server, wx } = await open(fx.submittedApplication())
    await tap(comp.querySelector('#signed_sheet'), '#desktop')
    const { url } = wx.navigateTo.mock.calls[0][0]
    expect(url).toBe(`/pages/application/desktop-upload/index?slot=signed_review_sheet&label=${encodeURIComponent('签字盖章的申请和资格审查表')}`)

    // The computer's upload puts the file into the application (as the server does).
    server.state.uploaded['103'] = fx.STORED_SHEET
    server.state.application.signed_sheet_file_id = 103
    server.state.application.files = { 103: fx.STORED_SHEET }
    await comp.instance.onShow()
    await settle(10)
    expect(textOf(comp.querySelector('#signed_sheet'), '#current')).toContain('审查表（签字盖章）.pdf')
    await tap(comp, '#submit-review')
    await settle(10)
    expect(server.callsTo('POST', `${A}/submit-for-review`)[0].data).toEqual({ signed_sheet_file_id: 103 })
    expect(textOf(comp, '#state')).toBe('待审核')
  })

  test('the desktop-upload page asks a code for slot signed_review_sheet and sees the scan arrive', async () => {
    const server = fx.applicationServer({ application: fx.submittedApplication() })
    const { comp, wx } = await openOn(server, 'pages/application/desktop-upload/index', {
      slot: 'signed_review_sheet', label: encodeURIComponent('签字盖章的申请和资格审查表'),
    })
    expect(server.callsTo('POST', `${A}/desktop-upload-codes`)[0].data).toEqual({ slot: 'signed_review_sheet' })
    expect(textOf(comp, '.title')).toBe('电脑上传签字盖章的申请和资格审查表')
    server.state.application.signed_sheet_file_id = 103
    server.state.application.files = { 103: fx.STORED_SHEET }
    await comp.instance.onShow()
    await settle()
    expect(textOf(comp, '#arrived-name')).toContain('审查表（签字盖章）.pdf')
    expect(wx.showToast).toHaveBeenCalledWith(expect.objectContaining({ title: '已收到文件' }))
  })
})

describe('the review: 待审核, 已驳回, 审核通过', () => {
  test('待审核: the submission time; 撤回 offered while the server allows it', async () => {
    const { comp } = await open(fx.pendingApplication())
    expect(textOf(comp, '#state')).toBe('待审核')
    expect(textOf(comp, '#review-submitted-at')).toBe('2024年11月21日 15:20（北京时间）')
    expect(comp.querySelector('#submit-card')).toBeFalsy()
    expect(comp.querySelector('#withdraw')).toBeTruthy()
    expect(comp.querySelector('#rejection')).toBeFalsy()
  })

  test('待审核 when the server does not offer 撤回 (the reviewer is deciding): no 撤回', async () => {
    const { comp } = await open(fx.pendingApplication({ allowed_actions: [] }))
    expect(comp.querySelector('#withdraw')).toBeFalsy()
  })

  test('已驳回: the reasons and each marked field with its note; a mark opens its field', async () => {
    const application = fx.rejectedApplication()
    const { comp, wx } = await open(application)
    expect(textOf(comp, '#state')).toBe('已驳回')
    expect(textOf(comp, '#rejection-reasons')).toBe('照片不符合要求，职称证书缺页，请修改后重新提交')
    expect(textOf(comp, '#rejection-time')).toBe('审核时间：2024年11月22日 11:00（北京时间）')
    expect(textOf(comp, '#mark-0')).toContain('基本信息 · 一寸免冠照')
    expect(textOf(comp, '#mark-0')).toContain('照片不清晰')
    expect(textOf(comp, '#mark-1')).toContain('基本信息 · 职称证书')
    expect(textOf(comp, '#mark-1')).toContain('缺少职称证书第二页')
    expect(textOf(comp, '#mark-2')).toContain('资格信息 · 职业资格证书1 · PDF证明')
    expect(textOf(comp, '#mark-2')).toContain('证书已过期')
    // A mark without a note still says to look at the field.
    expect(textOf(comp, '#mark-3')).toContain('评标专业 · 首选评标专业')
    expect(textOf(comp, '#mark-3')).toContain('请核对并修改此项')
    expect(textOf(comp, '#mark-4')).toContain('签字盖章的申请和资格审查表')
    expect(textOf(comp, '#mark-4')).toContain('缺少所在单位盖章')
    expect(textOf(comp, '#decision-0')).toContain('驳回')
    expect(comp.querySelector('#withdraw')).toBeTruthy()

    await tap(comp, '#mark-0')
    expect(wx.navigateTo).toHaveBeenCalledWith({ url: '/pages/application/basic/index?field=basic.photo_file_id' })
    wx.navigateTo.mockClear()
    await tap(comp, '#mark-4') // the signed sheet is on this page: nowhere to go
    expect(wx.navigateTo).not.toHaveBeenCalled()
  })

  test('已驳回 without general reasons: the marks say it all', async () => {
    const { comp } = await open(fx.rejectedApplication({ ...fx.REJECTION, reasons: null }))
    expect(textOf(comp, '#rejection-reasons')).toBe('请查看以下标注的项目')
    expect(textOf(comp, '#mark-0')).toContain('照片不清晰')
  })

  test('审核通过: the expert number, prominently, and paying blocked until it opens, as the server says', async () => {
    const { comp } = await open(fx.approvedApplication())
    expect(textOf(comp, '#state')).toBe('审核通过')
    expect(textOf(comp, '#expert-number')).toBe('B001-650100-0001')
    expect(comp.querySelector('#expert-number').dom.className).toContain('expert-number')
    expect(textOf(comp, '#state-next')).toBe('网上缴费：审核通过5日后方可缴费，将于2024年11月28日 09:30（北京时间）开放')
    expect(comp.querySelector('#withdraw')).toBeFalsy()
    expect(comp.querySelector('#rejection')).toBeFalsy()
    expect(textOf(comp, '#decision-0')).toContain('审核通过')
  })
})

describe('撤回, then 修改 with the reviewer\'s notes next to their fields', () => {
  test('撤回 asks first; cancelled, nothing is sent', async () => {
    const { comp, server, wx } = await open(fx.rejectedApplication())
    wx.__modalAnswers.push(false)
    await tap(comp, '#withdraw')
    await settle()
    expect(wx.showModal).toHaveBeenCalledWith(expect.objectContaining({ title: '撤回申请', content: WITHDRAW_CONFIRM }))
    expect(server.callsTo('POST', `${A}/withdraw`)).toHaveLength(0)
    expect(textOf(comp, '#state')).toBe('已驳回')
  })

  test('confirmed: POST withdraw, back to the form; each section shows the notes under the marked fields', async () => {
    const application = fx.rejectedApplication()
    application.certificates = [{
      id: 1, name: '一级注册建造师', registration_number: '新165060812345', proof_file_id: null,
    }]
    const server = fx.applicationServer({ application })
    const { comp, wx } = await open(null, server)
    await tap(comp, '#withdraw')
    await settle(10)
    expect(wx.showModal).toHaveBeenCalledWith(expect.objectContaining({ content: WITHDRAW_CONFIRM }))
    const [withdraw] = server.callsTo('POST', `${A}/withdraw`)
    expect(withdraw.data).toBeUndefined()
    expect(wx.redirectTo).toHaveBeenCalledWith({ url: '/pages/application/index' })
    expect(server.state.application.state).toBe('draft')
    expect(server.state.application.review.latest_rejection).toEqual(fx.REJECTION)

    // 基本信息: the note under the photo and under the title certificate, not as errors.
    const basic = await openOn(server, 'pages/application/basic/index')
    expect(basic.comp.instance.data.editable).toBe(true)
    expect(textOf(basic.comp, '#note-photo_file_id')).toBe('审核意见：照片不清晰')
    expect(textOf(basic.comp, '#note-title_certificate_file_id')).toBe('审核意见：缺少职称证书第二页')
    // Styled as a note (review-note), not as an error (field-error stays empty).
    expect(basic.comp.querySelector('#note-photo_file_id').querySelector('.review-note')).toBeTruthy()
    expect(basic.comp.querySelector('#note-photo_file_id').querySelector('.field-error')).toBeFalsy()
    expect(textOf(basic.comp.querySelector('#photo'), '#upload-error')).toBe('')
    expect(textOf(basic.comp, '#note-name')).toBe('')
    expect(textOf(basic.comp, '#error-name')).toBe('')

    // 资格信息: the note on the certificate.
    const qualification = await openOn(server, 'pages/application/qualification/index')
    expect(textOf(qualification.comp, '#note-certificates-0')).toBe('审核意见：PDF证明：证书已过期')

    // 评标专业: a mark without a note.
    const specialties = await openOn(server, 'pages/application/specialties/index')
    expect(textOf(specialties.comp, '#note-primary')).toBe('审核意见：请核对并修改此项')

    // A section without marks shows none.
    const evaluation = await openOn(server, 'pages/application/evaluation/index')
    expect(evaluation.comp.querySelectorAll('.review-note')).toHaveLength(0)
  })

  test('the overview after 撤回: the reasons at the top, each mark opens its field', async () => {
    const server = fx.applicationServer({ application: fx.withdrawnApplication() })
    const { comp, wx } = loadPage('pages/application/index', { server, storage: LOGGED_IN })
    await comp.instance.onShow()
    await settle(10)
    expect(textOf(comp, '#state')).toBe('资料填写')
    expect(textOf(comp, '#rejection-reasons')).toBe('照片不符合要求，职称证书缺页，请修改后重新提交')
    expect(comp.dom.querySelector('.main--rejection')).toBe(comp.dom.firstElementChild.firstElementChild)
    expect(textOf(comp, '#mark-0')).toContain('照片不清晰')
    expect(textOf(comp, '#rejection-hint')).toBe('请按审核意见修改后重新提交，并重新导出审查表、签字盖章后上传。')
    expect(comp.querySelector('#submit')).toBeTruthy()
    await tap(comp, '#mark-2')
    expect(wx.navigateTo).toHaveBeenCalledWith({
      url: `/pages/application/qualification/index?field=${encodeURIComponent('certificates[0].proof_file_id')}`,
    })
  })

  test('a refused 撤回 (past the deadline) shows the server\'s message', async () => {
    const { comp, server } = await open(fx.rejectedApplication())
    const message = '报名已截止（2024年12月2日 18:30），撤回后将无法重新提交，因此不能撤回；如有疑问请联系所在地住房城乡建设主管部门'
    server.on('POST', `${A}/withdraw`, { status: 409, body: errorBody('conflict', message) })
    await tap(comp, '#withdraw')
    await settle(20)
    expect(textOf(comp, '#withdraw-error')).toBe(message)
    expect(textOf(comp, '#state')).toBe('已驳回')
  })

  test('撤回 while 资料提交审核 (before any decision) also goes back to the form', async () => {
    const { comp, server, wx } = await open(fx.submittedApplication())
    await tap(comp, '#withdraw')
    await settle(10)
    expect(server.callsTo('POST', `${A}/withdraw`)).toHaveLength(1)
    expect(wx.redirectTo).toHaveBeenCalledWith({ url: '/pages/application/index' })
  })

  test('the overview of a submitted application leads to 资料提交审核', async () => {
    const server = fx.applicationServer({ application: fx.submittedApplication() })
    const { comp, wx } = loadPage('pages/application/index', { server, storage: LOGGED_IN })
    await comp.instance.onShow()
    await settle(10)
    expect(textOf(comp, '#next-hint')).toBe('下一步：提交审核')
    expect(textOf(comp, '#go-review')).toBe('提交审核')
    await tap(comp, '#go-review')
    expect(wx.navigateTo).toHaveBeenCalledWith({ url: '/pages/application/review/index' })
  })

  test('the overview after a successful 提交 offers the next step at once', async () => {
    const server = fx.applicationServer()
    const { comp } = loadPage('pages/application/index', { server, storage: LOGGED_IN })
    await comp.instance.onShow()
    await settle(10)
    expect(comp.querySelector('#next-step')).toBeFalsy()
    await tap(comp, '#submit')
    await settle(20)
    expect(textOf(comp, '#go-review')).toBe('提交审核')
  })
})

describe('the home status card for every state up to 审核通过', () => {
  const BATCH = batchBody({ payment_delay_days: 5 })
  const ACCOUNT = { id: 7, username: 'zhangsan', phone: '138****8000', wechat_bound: false }

  async function home(application, batch = BATCH) {
    const server = fx.applicationServer({ application })
    server
      .on('GET', '/api/v1/me', { status: 200, body: ACCOUNT })
      .on('GET', '/api/v1/batches/current', { status: 200, body: batch })
    const env = loadPage('pages/home/index', { server, storage: { ...LOGGED_IN, auth_account: ACCOUNT } })
    await env.comp.instance.onShow()
    await settle(10)
    return env
  }

  test.each([
    ['draft', fx.draftApplication(), '资料填写', '下一步：提交资料', '提交资料', '/pages/application/index'],
    ['draft after a rejection', fx.withdrawnApplication(), '资料填写', '下一步：提交资料', '提交资料', '/pages/application/index'],
    ['info_submitted', fx.submittedApplication(), '资料提交审核', '下一步：提交审核', '提交审核', '/pages/application/review/index'],
    ['pending_review', fx.pendingApplication(), '待审核', '下一步：撤回', '查看审核进度', '/pages/application/review/index'],
    ['rejected', fx.rejectedApplication(), '已驳回', '下一步：撤回', '查看驳回理由', '/pages/application/review/index'],
    ['approved', fx.approvedApplication(), '审核通过',
      '网上缴费：审核通过5日后方可缴费，将于2024年11月28日 09:30（北京时间）开放', '查看审核结果', '/pages/application/review/index'],
  ])('%s', async (name, application, title, nextStep, action, url) => {
    const { comp, wx } = await home(application)
    expect(textOf(comp, '#status-title')).toBe(title)
    expect(textOf(comp, '#next-step')).toBe(nextStep)
    expect(textOf(comp, '#status-action')).toBe(action)
    await tap(comp, '#status-action')
    expect(wx.navigateTo).toHaveBeenCalledWith({ url })
    if (application.state === 'approved') {
      expect(textOf(comp, '#status-expert-number')).toBe('专家编号B001-650100-0001')
      expect(textOf(comp, '#expert-number')).toBe('B001-650100-0001')
    } else {
      expect(comp.querySelector('#status-expert-number')).toBeFalsy()
    }
    if (['info_submitted', 'pending_review', 'rejected'].includes(application.state)) {
      expect(textOf(comp, '#status-secondary')).toBe('撤回')
    } else {
      expect(comp.querySelector('#status-secondary')).toBeFalsy()
    }
    if (application.state === 'rejected') {
      expect(textOf(comp, '#status-detail')).toBe('驳回理由：照片不符合要求，职称证书缺页，请修改后重新提交')
    } else {
      expect(comp.querySelector('#status-detail')).toBeFalsy()
    }
  })

  test('待审核 says since when', async () => {
    const { comp } = await home(fx.pendingApplication())
    expect(textOf(comp, '#status-hint')).toBe('已于2024年11月21日 15:20（北京时间）提交审核，请等待所在地住房城乡建设主管部门审核')
  })

  test('已驳回: 撤回 from the card asks first, withdraws, then opens the form', async () => {
    const { comp, server, wx } = await home(fx.rejectedApplication())
    await tap(comp, '#status-secondary')
    await settle(10)
    expect(wx.showModal).toHaveBeenCalledWith(expect.objectContaining({ content: WITHDRAW_CONFIRM }))
    expect(server.callsTo('POST', `${A}/withdraw`)).toHaveLength(1)
    expect(wx.navigateTo).toHaveBeenCalledWith({ url: '/pages/application/index' })
    expect(textOf(comp, '#status-title')).toBe('资料填写')
    expect(textOf(comp, '#status-hint')).toBe('申请曾被驳回，请按审核意见修改后重新提交')
  })

  test('已驳回 past the deadline (the server blocks withdraw): no 撤回 on the card, the reason instead', async () => {
    const { comp } = await home(fx.rejectedApplication(fx.REJECTION, {
      allowed_actions: [fx.action('withdraw', false, { reason: '报名已截止，撤回后将无法重新提交，因此不能撤回' })],
    }))
    expect(textOf(comp, '#status-title')).toBe('已驳回')
    expect(comp.querySelector('#status-secondary')).toBeFalsy()
    expect(textOf(comp, '#next-step')).toBe('撤回：报名已截止，撤回后将无法重新提交，因此不能撤回')
  })

  test('a refused 撤回 on the card shows the server\'s message', async () => {
    const { comp, server, wx } = await home(fx.rejectedApplication())
    server.on('POST', `${A}/withdraw`, { status: 409, body: errorBody('conflict', '申请已审核通过，不能撤回') })
    await tap(comp, '#status-secondary')
    await settle(20)
    expect(wx.showModal).toHaveBeenLastCalledWith(expect.objectContaining({ content: '申请已审核通过，不能撤回' }))
    expect(wx.navigateTo).not.toHaveBeenCalled()
  })
})

test('FakeServer answers an unknown review route with 404 (sanity of the fixture)', async () => {
  const server = new FakeServer()
  const { comp } = loadPage(PAGE, { server, storage: LOGGED_IN })
  await comp.instance.onShow()
  await settle()
  expect(textOf(comp, '#load-error')).toBe('资源不存在')
})

describe('the signed scan is stored on the server the moment it is picked', () => {
  test('after a crash the page still has it, and 提交审核 only submits', async () => {
    const first = await open(fx.submittedApplication())
    await tap(first.comp.querySelector('#signed_sheet'), '#choose')
    await settle(10)
    expect(first.server.calls.filter((c) => c.multipart)).toHaveLength(1)

    // The app is killed before 提交审核; the applicant opens the page again.
    const { comp, server } = reloadPage(PAGE, first)
    await comp.instance.onLoad({})
    await comp.instance.onShow()
    await settle(10)
    expect(textOf(comp.querySelector('#signed_sheet'), '#current')).toContain('审查表（签字盖章）.pdf')
    const before = server.calls.length
    await tap(comp, '#submit-review')
    await settle(10)
    // No second upload: the answer to the result's subscription dialog, then the submission.
    expect(server.calls.slice(before).map((c) => `${c.method} ${c.path}`))
      .toEqual(['POST /api/v1/message-subscriptions', `POST ${A}/submit-for-review`])
    expect(textOf(comp, '#state')).toBe('待审核')
  })
})
