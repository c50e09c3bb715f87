/**
 * The section pages of the application form: saving a section as a draft (PUT; fields the
 * server did not store shown under each), input kept on the phone and offered back after a crash,
 * the ID number filling birth and gender, uploads (checked before sending, progress, the server's
 * verdict, the file saved into its field), 电脑上传, lists (certificates, avoidance units), renewal,
 * the commitment letter, jumping to a field, read-only after submit.
 */
const {
  save, saveNext, loadPage, reloadPage, type, tap, textOf, settle, errorBody, CHOSEN_PDF,
} = require('./helpers')
const {
  applicationServer, draftApplication, A, STORED_PDF, DESKTOP_CODE,
} = require('./fixtures/application')

const LOGGED_IN = { auth_token: 'tok' }
const SECTION_PAGE = (name) => `pages/application/${name}/index`

async function open(name, { application = draftApplication(), problems = [], options = {} } = {}) {
  const server = applicationServer({ application, problems })
  const env = loadPage(SECTION_PAGE(name), { server, storage: LOGGED_IN })
  await env.comp.instance.onLoad(options)
  await settle()
  return env
}

const patches = (server, section) => server.callsTo('PUT', `${A}/${section}`)

describe('a section save stores what is valid and names the rest', () => {
  test('the server refuses the ID number: its message under the field, the typed value kept, the rest saved', async () => {
    const { comp, server, wx } = await open('basic')
    server.state.fieldProblems = { 'basic.id_number': '身份证号码校验位不正确' }
    await type(comp, '#name', '张三')
    await type(comp, '#id_number', '110105194912310021')
    await save(comp)
    expect(server.state.application.basic).toMatchObject({ name: '张三', id_number: null })
    expect(textOf(comp, '#error-id_number')).toBe('身份证号码校验位不正确')
    expect(comp.instance.data.form).toMatchObject({ name: '张三', id_number: '110105194912310021' })
    expect(textOf(comp.querySelector('#section-actions'), '#unsaved')).toBe('有未保存的修改')
    expect(wx.showToast).toHaveBeenLastCalledWith(expect.objectContaining({ title: '1项未保存' }))
    expect(wx.disableAlertBeforeUnload).not.toHaveBeenCalled()

    await type(comp, '#id_number', '11010519491231002X')
    await save(comp)
    expect(server.state.application.basic.id_number).toBe('11010519491231002X')
    expect(textOf(comp, '#error-id_number')).toBe('')
    expect(comp.querySelector('#section-actions').querySelector('#unsaved')).toBeFalsy()
    expect(wx.showToast).toHaveBeenLastCalledWith(expect.objectContaining({ title: '已保存' }))
    expect(wx.disableAlertBeforeUnload).toHaveBeenCalled()
  })

  test('保存并下一项 opens the next section in place when everything was stored, and stays otherwise', async () => {
    const { comp, server, wx } = await open('evaluation')
    expect(textOf(comp.querySelector('#section-actions'), '#save-next')).toBe('保存并下一项')
    server.state.fieldProblems = { 'evaluation.email': '电子邮箱格式不正确' }
    await type(comp, '#email', 'not-an-email')
    await saveNext(comp)
    expect(wx.redirectTo).not.toHaveBeenCalled()
    expect(textOf(comp, '#error-email')).toBe('电子邮箱格式不正确')
    await type(comp, '#email', 'zhangsan@example.com')
    await saveNext(comp)
    expect(wx.redirectTo).toHaveBeenCalledWith({ url: '/pages/application/specialties/index' })
  })

  test('the last section has 保存 only', async () => {
    const { comp } = await open('commitment')
    expect(comp.querySelector('#section-actions').querySelector('#save-next')).toBeFalsy()
    expect(textOf(comp.querySelector('#section-actions'), '#save')).toBe('保存')
  })
})

describe('input kept on the phone', () => {
  test('typing asks before leaving and keeps the input; after a crash the page offers it back', async () => {
    const first = await open('basic')
    await type(first.comp, '#name', '张三')
    await type(first.comp, '#school', '新疆大学')
    expect(first.wx.enableAlertBeforeUnload).toHaveBeenCalledWith({
      message: '还有未保存的修改。离开后，下次打开本页可恢复这些内容。确定离开吗？',
    })

    // The app is killed (nothing was saved); the applicant opens the section again.
    const { comp, server } = reloadPage('pages/application/basic/index', first)
    await comp.instance.onLoad({})
    await settle()
    expect(textOf(comp, '#draft-offer')).toMatch(/^发现\d{4}年\d+月\d+日 \d\d:\d\d（北京时间）未保存的填写内容，是否恢复？/)
    expect(comp.instance.data.form.name).toBe('')
    await tap(comp.querySelector('#draft-offer'), '#restore-draft')
    expect(comp.querySelector('#draft-offer')).toBeFalsy()
    expect(comp.instance.data.form).toMatchObject({ name: '张三', school: '新疆大学' })
    await save(comp)
    expect(server.callsTo('PUT', `${A}/basic`)[0].data).toMatchObject({ name: '张三', school: '新疆大学' })

    const again = reloadPage('pages/application/basic/index', { server, storage: first.storage })
    await again.comp.instance.onLoad({})
    await settle()
    expect(again.comp.querySelector('#draft-offer')).toBeFalsy() // saved: nothing to offer
  })

  test('放弃 forgets the kept input', async () => {
    const first = await open('experience')
    await type(first.comp, '#work_experience', '1998年至今从事建筑设计')
    const second = reloadPage('pages/application/experience/index', first)
    await second.comp.instance.onLoad({})
    await settle()
    await tap(second.comp.querySelector('#draft-offer'), '#discard-draft')
    const third = reloadPage('pages/application/experience/index', second)
    await third.comp.instance.onLoad({})
    await settle()
    expect(third.comp.querySelector('#draft-offer')).toBeFalsy()
    expect(third.comp.instance.data.form.work_experience).toBe('')
  })

  test('input that equals what the server has is not offered', async () => {
    const first = await open('experience', { application: draftApplication({ experience: { work_experience: '同一段', evaluation_experience: null } }) })
    await type(first.comp, '#work_experience', '同一段')
    const second = reloadPage('pages/application/experience/index', first)
    await second.comp.instance.onLoad({})
    await settle()
    expect(second.comp.querySelector('#draft-offer')).toBeFalsy()
  })
})

describe('uploads are checked on the phone against the server\'s limits before anything is sent', () => {
  test('a PDF over the stated size is not sent, and the page says what to do', async () => {
    const { comp, server, wx } = await open('basic')
    wx.__chosen.pdf = { path: 'wxfile://tmp/big.pdf', name: '学历证明.pdf', size: 12 * 1024 * 1024 }
    const proof = comp.querySelector('#education_proof')
    await tap(proof, '#choose')
    expect(server.calls.filter((c) => c.multipart)).toHaveLength(0)
    expect(textOf(proof, '#upload-error')).toBe('所选文件12.0 MB，超过10MB。请压缩后重新选择，或用“电脑上传”。')
    expect(wx.showModal).toHaveBeenCalledWith(expect.objectContaining({ title: '学历证明未上传' }))
  })

  test('a file of a type the kind does not take is not sent', async () => {
    const { comp, server, wx } = await open('basic')
    wx.__chosen.pdf = { path: 'wxfile://tmp/a.docx', name: '学历证明.docx', size: 1000 }
    const proof = comp.querySelector('#education_proof')
    await tap(proof, '#choose')
    expect(server.calls.filter((c) => c.multipart)).toHaveLength(0)
    expect(textOf(proof, '#upload-error')).toBe('所选文件不是PDF 文件，学历证明须为PDF 文件。请重新选择。')
  })

  test('a photo over 5 MB is not sent', async () => {
    const { comp, server, wx } = await open('basic')
    wx.__chosen.image = { tempFilePath: 'wxfile://tmp/big.jpg', size: 6 * 1024 * 1024, fileType: 'image' }
    const photo = comp.querySelector('#photo')
    await tap(photo, '#choose')
    expect(server.calls.filter((c) => c.multipart)).toHaveLength(0)
    expect(textOf(photo, '#upload-error')).toBe('所选文件6.0 MB，超过5MB。请压缩后重新选择。')
  })

  test('the album refused (privacy not authorised): what to do', async () => {
    const { comp, wx } = await open('basic')
    wx.__fail.chooseMedia = { errMsg: 'chooseMedia:fail privacy permission is not authorized', errno: 104 }
    const photo = comp.querySelector('#photo')
    await tap(photo, '#choose')
    expect(textOf(photo, '#upload-error')).toBe('未获得使用相册或相机的授权。请点右上角“···”→“设置”，允许使用相册和相机后重试。')
  })

  test('the chat files failing to open: retry, 文件传输助手 or 电脑上传', async () => {
    const { comp, wx } = await open('basic')
    wx.__fail.chooseMessageFile = { errMsg: 'chooseMessageFile:fail' }
    const proof = comp.querySelector('#education_proof')
    await tap(proof, '#choose')
    expect(textOf(proof, '#upload-error')).toContain('可先把 PDF 发送到“文件传输助手”')
  })

  test('a lost connection during the upload says so', async () => {
    const { comp, server } = await open('basic')
    server.offline = true
    const photo = comp.querySelector('#photo')
    await tap(photo, '#choose')
    expect(textOf(photo, '#upload-error')).toBe('上传失败：网络连接中断，请检查网络后重新上传')
  })
})

describe('basic', () => {
  test('保存 saves the section as a draft: the body holds exactly the basic fields', async () => {
    const { comp, server, wx } = await open('basic')
    await type(comp, '#name', ' 张三 ')
    await type(comp, '#title', '高级工程师')
    await save(comp)
    await settle()

    const [patch] = patches(server, 'basic')
    expect(Object.keys(patch.data).sort()).toEqual([
      'birth', 'degree', 'education', 'gender', 'id_number', 'major', 'name', 'political_affiliation',
      'prefecture_code', 'school', 'title', 'title_level',
    ])
    expect(patch.data).toMatchObject({ name: '张三', title: '高级工程师', id_number: null, birth: null })
    expect(server.calls.filter((c) => c.method !== 'GET')).toHaveLength(1)
    expect(wx.showToast).toHaveBeenCalledWith(expect.objectContaining({ title: '已保存' }))
  })

  test('pickers store the codes of the reference options', async () => {
    const { comp, server } = await open('basic')
    await settle()
    comp.querySelector('#political_affiliation').dispatchEvent('change', { detail: { value: '2' } })
    comp.querySelector('#prefecture_code').dispatchEvent('change', { detail: { value: '1' } })
    comp.querySelector('#title_level').dispatchEvent('change', { detail: { value: '1' } })
    comp.querySelector('#education').dispatchEvent('change', { detail: { value: '2' } })
    comp.querySelector('#birth').dispatchEvent('change', { detail: { value: '1975-06' } })
    await settle()
    await tap(comp, '#gender-male')
    expect(comp.dom.textContent).toContain('群众')
    expect(comp.dom.textContent).toContain('克拉玛依市')
    await save(comp)
    await settle()
    expect(patches(server, 'basic')[0].data).toMatchObject({
      political_affiliation: '13', prefecture_code: '650200', title_level: '副高级', education: '大学本科', birth: '1975-06', gender: '男',
    })
  })

  test('a valid ID number fills birth and gender; lower-case x is shown upper-case', async () => {
    const { comp, server } = await open('basic')
    await type(comp, '#id_number', '11010519491231002x')
    expect(comp.instance.data.form.id_number).toBe('11010519491231002X')
    expect(comp.instance.data.form.birth).toBe('1949-12')
    expect(comp.instance.data.form.gender).toBe('女')
    expect(textOf(comp, '#birth-text')).toBe('1949-12')
    expect(comp.querySelector('#gender-female').dom.className).toContain('on')
    expect(textOf(comp, '#error-id_number')).toBe('')
    expect(server.calls.filter((c) => c.method !== 'GET')).toHaveLength(0)

    await type(comp, '#id_number', '440524188001010014')
    expect(comp.instance.data.form.gender).toBe('男')
    expect(comp.instance.data.form.birth).toBe('1880-01')
  })

  test('a wrong check character shows 身份证号码校验位不正确 under the field and fills nothing', async () => {
    const { comp } = await open('basic')
    await type(comp, '#id_number', '110105194912310021')
    expect(textOf(comp, '#error-id_number')).toBe('身份证号码校验位不正确')
    expect(comp.instance.data.form.birth).toBe('')
    expect(comp.instance.data.form.gender).toBe('')
    // Typing on clears it; a short number is told on blur.
    await type(comp, '#id_number', '1101051949')
    expect(textOf(comp, '#error-id_number')).toBe('')
    comp.querySelector('#id_number').dispatchEvent('blur', { detail: { value: '1101051949' } })
    await settle()
    expect(textOf(comp, '#error-id_number')).toBe('身份证号码应为18位')
  })

  test('what the save already tells (the age from the ID number) is shown under the field at once', async () => {
    const { comp, server } = await open('basic')
    const message = '年龄超过70周岁：截至报名截止日2026年12月2日，申报人已满76周岁'
    // The server stores the number and says at once what it already tells.
    server.state.application.warnings = [
      { field: 'basic.id_number', section: 'basic', section_label: '基本信息', message, severity: 'error' },
    ]
    await type(comp, '#id_number', '650102195001010019')
    await save(comp)
    await settle()
    expect(textOf(comp, '#error-id_number')).toBe(message)
  })

  test("the server is the judge: a 422 on save shows its messages under the fields", async () => {
    const { comp, server } = await open('basic')
    server.on('PUT', `${A}/basic`, {
      status: 422,
      body: errorBody('invalid', '填写的内容有误', {
        'basic.id_number': '身份证号码中的出生日期19491331不是有效日期',
        'basic.birth': '出生年月与身份证号码不一致（身份证号码为1949-12）',
      }),
    })
    await save(comp)
    await settle()
    expect(textOf(comp, '#error-id_number')).toBe('身份证号码中的出生日期19491331不是有效日期')
    expect(textOf(comp, '#error-birth')).toBe('出生年月与身份证号码不一致（身份证号码为1949-12）')
  })

  test('the photo: chooseMedia, upload with progress, then the file id saved into basic', async () => {
    const { comp, server, wx } = await open('basic')
    let release
    server.uploadGate = new Promise((resolve) => { release = resolve })
    const photo = comp.querySelector('#photo')
    expect(textOf(photo, '#example')).toBe('一寸免冠近照')
    expect(textOf(photo, '#hint')).toBe('请上传 JPG 或 PNG 图片（不超过5MB）。') // the server's own sentence
    await tap(photo, '#choose')
    await settle()

    expect(wx.chooseMedia).toHaveBeenCalledWith(expect.objectContaining({ count: 1, mediaType: ['image'] }))
    expect(textOf(photo, '#progress')).toContain('上传中 100%')
    const [upload] = server.calls.filter((c) => c.multipart)
    expect(upload).toMatchObject({
      path: '/api/v1/files', name: 'file', filePath: 'wxfile://tmp/photo.jpg', formData: { kind: 'photo' },
    })
    expect(upload.header.Authorization).toBe('Bearer tok')

    release()
    await settle(20)
    expect(photo.querySelector('#progress')).toBeFalsy()
    expect(patches(server, 'basic').map((c) => c.data)).toEqual([{ photo_file_id: 101 }])
    expect(textOf(photo, '#current')).toContain('已上传：photo.jpg')
  })

  test("an upload refused by the server shows the server's message under the field; nothing is saved", async () => {
    const { comp, server } = await open('basic')
    server.on('POST', '/api/v1/files', {
      status: 422, body: errorBody('invalid_file', '照片须为JPG或PNG格式，且不超过5MB', { file: '照片须为JPG或PNG格式，且不超过5MB' }),
    })
    const photo = comp.querySelector('#photo')
    await tap(photo, '#choose')
    await settle(20)
    expect(textOf(photo, '#upload-error')).toBe('照片须为JPG或PNG格式，且不超过5MB')
    expect(patches(server, 'basic')).toHaveLength(0)
  })

  test('a PDF comes from a chat: chooseMessageFile type file, extension pdf', async () => {
    const { comp, server, wx } = await open('basic')
    const proof = comp.querySelector('#education_proof')
    expect(textOf(proof, '#hint')).toContain('不超过10MB')
    expect(textOf(proof, '#pdf-tip')).toContain('可先发送到微信“文件传输助手”')
    await tap(proof, '#choose')
    await settle(20)
    expect(wx.chooseMessageFile).toHaveBeenCalledWith(expect.objectContaining({ count: 1, type: 'file', extension: ['pdf'] }))
    const [upload] = server.calls.filter((c) => c.multipart)
    expect(upload.filePath).toBe(CHOSEN_PDF.path)
    expect(upload.formData).toEqual({ kind: 'education_proof', name: '扫描件.pdf' }) // the chat file's own name
    expect(patches(server, 'basic').map((c) => c.data)).toEqual([{ education_proof_file_id: STORED_PDF.id }])
  })

  test('cancelling the file choice does nothing', async () => {
    const { comp, server, wx } = await open('basic')
    wx.__fail.chooseMessageFile = { errMsg: 'chooseMessageFile:fail cancel' }
    const proof = comp.querySelector('#title_certificate')
    await tap(proof, '#choose')
    await settle()
    expect(server.calls.filter((c) => c.multipart)).toHaveLength(0)
    expect(textOf(proof, '#upload-error')).toBe('')
  })

  test('电脑上传 opens the desktop-upload page for the slot', async () => {
    const { comp, wx } = await open('basic')
    expect(comp.querySelector('#photo').querySelector('#desktop')).toBeFalsy()
    await tap(comp.querySelector('#title_certificate'), '#desktop')
    expect(wx.navigateTo).toHaveBeenCalledWith({
      url: `/pages/application/desktop-upload/index?slot=title_certificate&label=${encodeURIComponent('职称证书')}`,
    })
  })

  test('unsaved inputs survive a re-read on show; a file that arrived meanwhile is taken', async () => {
    const { comp, server } = await open('basic')
    await type(comp, '#name', '张三')
    server.state.application.basic.title_certificate_file_id = 102
    server.state.application.files = { 102: STORED_PDF }
    await comp.instance.onShow()
    await settle()
    expect(comp.instance.data.form.name).toBe('张三')
    expect(textOf(comp.querySelector('#title_certificate'), '#current')).toContain('扫描件.pdf')
  })

  test('jumping to a field: its message under it, the other problems of the section, scroll and focus', async () => {
    const { comp, wx } = await open('basic', {
      problems: [
        { field: 'basic.id_number', section: 'basic', message: '身份证号码校验位不正确', severity: 'error' },
        { field: 'basic.photo_file_id', section: 'basic', message: '请上传一寸免冠照', severity: 'error' },
        { field: 'evaluation.email', section: 'evaluation', message: '请输入电子邮箱', severity: 'error' },
      ],
      options: { field: 'basic.id_number', message: encodeURIComponent('身份证号码校验位不正确') },
    })
    await settle(80)
    expect(textOf(comp, '#error-id_number')).toBe('身份证号码校验位不正确')
    expect(textOf(comp.querySelector('#photo'), '#upload-error')).toBe('请上传一寸免冠照')
    expect(comp.dom.textContent).not.toContain('请输入电子邮箱')
    expect(comp.instance.data.focusField).toBe('id_number')
    expect(wx.pageScrollTo).toHaveBeenCalledWith(expect.objectContaining({ selector: '#field-id_number' }))
  })

  test('read-only after submit: a notice, no save button, no uploads', async () => {
    const { comp } = await open('basic', {
      application: draftApplication({ state: 'info_submitted', allowed_actions: [], basic: { name: '张三' } }),
    })
    expect(textOf(comp, '#readonly-notice')).toBe('申报资料已提交，不能修改')
    expect(comp.querySelector('#section-actions')).toBeFalsy()
    expect(comp.querySelector('#photo').querySelector('#choose')).toBeFalsy()
    expect(comp.instance.data.form.name).toBe('张三')
  })

  test('409 on save (submitted elsewhere): the message, then the form read-only', async () => {
    const { comp, server, wx } = await open('basic')
    server.state.application.allowed_actions = []
    await save(comp)
    await settle(20)
    expect(wx.showToast).toHaveBeenCalledWith(expect.objectContaining({ title: '申请已提交，不能修改' }))
    expect(comp.querySelector('#section-actions')).toBeFalsy()
  })
})

describe('qualification', () => {
  test('保存 sends exactly the qualification fields; years as a number', async () => {
    const { comp, server } = await open('qualification')
    await settle()
    comp.querySelector('#profession_level1').dispatchEvent('change', { detail: { value: '0' } })
    await settle()
    comp.querySelector('#profession_level2').dispatchEvent('change', { detail: { value: '1' } })
    await type(comp, '#years_of_practice', '12')
    await type(comp, '#work_unit', '新疆某建筑设计研究院')
    await type(comp, '#unit_credit_code', '91650100ma77abcd1x')
    await save(comp)
    await settle()
    const [patch] = patches(server, 'qualification')
    expect(patch.data).toEqual({
      profession_level1: 'A04',
      profession_level2: 'A0402',
      years_of_practice: 12,
      work_unit: '新疆某建筑设计研究院',
      unit_credit_code: '91650100MA77ABCD1X',
      unit_credit_code_confirmed: false,
      unit_office_phone: null,
    })
    expect(textOf(comp, '.counter')).toBe('10/50')
  })

  test('a credit-code warning is shown with 我确认信用代码无误, which sets the confirmed flag', async () => {
    const { comp, server } = await open('qualification', {
      application: draftApplication({
        qualification: { unit_credit_code: '91650100MA77ABCD1X' },
        warnings: [{ field: 'qualification.unit_credit_code', section: 'qualification', message: '统一社会信用代码校验位与国家标准（GB 32100）计算结果不一致，请仔细核对；如确认与营业执照一致，请勾选确认后提交' }],
      }),
    })
    expect(textOf(comp, '#credit-warning')).toContain('GB 32100')
    await tap(comp, '#confirm-credit-code')
    await save(comp)
    await settle()
    expect(patches(server, 'qualification')[0].data.unit_credit_code_confirmed).toBe(true)
  })

  test('certificates: add, edit and remove, each through its endpoint', async () => {
    const { comp, server, wx } = await open('qualification')
    expect(textOf(comp, '#no-certificates')).toBe('暂无证书')
    await tap(comp, '#add-certificate')
    expect(comp.querySelector('#cert-proof').querySelector('#desktop')).toBeFalsy() // not saved yet: no slot
    await type(comp, '#cert-name', '一级注册建造师')
    await type(comp, '#cert-registration_number', '新165060812345')
    await tap(comp.querySelector('#cert-proof'), '#choose')
    await settle(20)
    expect(server.calls.filter((c) => c.multipart)[0].formData).toEqual({ kind: 'certificate_proof', name: '扫描件.pdf' })
    await tap(comp, '#cert-save')
    await settle()
    const [post] = server.callsTo('POST', `${A}/certificates`)
    expect(post.data).toEqual({ name: '一级注册建造师', registration_number: '新165060812345', proof_file_id: STORED_PDF.id })
    expect(comp.querySelector('#certificate-editor')).toBeFalsy()
    expect(textOf(comp, '#field-certificates-0')).toContain('一级注册建造师')
    expect(textOf(comp, '#field-certificates-0')).toContain('扫描件.pdf')

    await tap(comp, '#edit-certificate-0')
    expect(comp.querySelector('#cert-proof').querySelector('#desktop')).toBeTruthy()
    await tap(comp.querySelector('#cert-proof'), '#desktop')
    expect(wx.navigateTo).toHaveBeenLastCalledWith({ url: expect.stringContaining('slot=certificate%3A501') })
    await type(comp, '#cert-registration_number', '新165060899999')
    await tap(comp, '#cert-save')
    await settle()
    expect(server.callsTo('PUT', `${A}/certificates/501`)[0].data).toEqual({
      name: '一级注册建造师', registration_number: '新165060899999', proof_file_id: STORED_PDF.id,
    })

    await tap(comp, '#delete-certificate-0')
    await settle()
    expect(wx.showModal).toHaveBeenCalled()
    expect(server.callsTo('DELETE', `${A}/certificates/501`)).toHaveLength(1)
    expect(textOf(comp, '#no-certificates')).toBe('暂无证书')
  })

  test("a certificate's problems show in the editor and in the list", async () => {
    const { comp, server } = await open('qualification', {
      application: draftApplication({ certificates: [{ id: 1, name: '一级注册建造师', registration_number: null, proof_file_id: null }] }),
      problems: [{ field: 'certificates[0].proof_file_id', section: 'qualification', message: '请上传证书的PDF证明', severity: 'error' }],
      options: { field: 'certificates[0].proof_file_id' },
    })
    await settle(80)
    expect(textOf(comp, '#field-certificates-0')).toContain('请上传证书的PDF证明')
    server.on('POST', `${A}/certificates`, {
      status: 422, body: errorBody('invalid', '请检查证书信息', { 'certificates.name': '请填写证书名称' }),
    })
    await tap(comp, '#add-certificate')
    await tap(comp, '#cert-save')
    await settle()
    expect(textOf(comp, '#error-cert-name')).toBe('请填写证书名称')
  })
})

describe('evaluation', () => {
  test('保存 sends the yes/no choices as booleans and never the account mobile', async () => {
    const { comp, server } = await open('evaluation')
    expect(textOf(comp, '#mobile')).toBe('13800138000')
    await tap(comp, '#accepts_remote_evaluation-yes')
    await tap(comp, '#willing_emergency_expert-no')
    await type(comp, '#email', 'zhangsan@example.com')
    await save(comp)
    await settle()
    expect(patches(server, 'evaluation')[0].data).toEqual({
      accepts_remote_evaluation: true,
      willing_emergency_expert: false,
      email: 'zhangsan@example.com',
      backup_mobile: null,
    })
  })
})

describe('experience', () => {
  test('没有评标经验 fills in 无; 保存 sends both texts', async () => {
    const { comp, server } = await open('experience')
    await type(comp, '#work_experience', '2005-2024 某设计院 结构设计')
    await tap(comp, '#no-evaluation-experience')
    await save(comp)
    await settle()
    expect(patches(server, 'experience')[0].data).toEqual({
      work_experience: '2005-2024 某设计院 结构设计', evaluation_experience: '无',
    })
  })
})

describe('avoidance units', () => {
  test('add, edit and remove; the credit code is upper-case', async () => {
    const { comp, server } = await open('avoidance')
    await tap(comp, '#add-unit')
    await type(comp, '#unit-name', '新疆某建设集团有限公司')
    await type(comp, '#unit-credit_code', '91650100ma77abcd1x')
    await type(comp, '#unit-description', '配偶任职单位')
    await tap(comp, '#unit-save')
    await settle()
    expect(server.callsTo('POST', `${A}/avoidance-units`)[0].data).toEqual({
      name: '新疆某建设集团有限公司', credit_code: '91650100MA77ABCD1X', credit_code_confirmed: false, description: '配偶任职单位',
    })
    await tap(comp, '#edit-unit-0')
    await type(comp, '#unit-description', '原工作单位')
    await tap(comp, '#unit-save')
    await settle()
    expect(server.callsTo('PUT', `${A}/avoidance-units/501`)[0].data.description).toBe('原工作单位')
    await tap(comp, '#delete-unit-0')
    await settle()
    expect(server.callsTo('DELETE', `${A}/avoidance-units/501`)).toHaveLength(1)
    expect(textOf(comp, '#no-units')).toBe('暂无回避单位')
  })

  test("a unit's credit-code warning is confirmed on the unit", async () => {
    const { comp, server } = await open('avoidance', {
      application: draftApplication({
        avoidance_units: [{
          id: 2, name: '某公司', credit_code: '91650100MA77ABCD1X', credit_code_confirmed: false, description: null,
        }],
        warnings: [{ field: 'avoidance_units[0].credit_code', section: 'avoidance_units', message: '统一社会信用代码校验位不一致' }],
      }),
    })
    expect(textOf(comp, '#field-avoidance_units-0')).toContain('统一社会信用代码校验位不一致')
    await tap(comp, '#confirm-unit-0')
    await settle()
    expect(server.callsTo('PUT', `${A}/avoidance-units/2`)[0].data).toEqual({ credit_code_confirmed: true })
  })
})

describe('renewal', () => {
  test('续聘 when offered asks, then calls the prefill endpoint; 保存 sends the kind', async () => {
    const application = draftApplication({ renewal: { kind: null, renewal_available: true } })
    const { comp, server, wx } = await open('renewal', { application })
    server.on('POST', `${A}/renewal-prefill`, () => ({
      status: 200, body: { ...server.state.application, basic: { ...server.state.application.basic, name: '张三' } },
    }))
    expect(comp.querySelector('#renewal-available')).toBeTruthy()
    await tap(comp, '#kind-renewal')
    await settle()
    expect(wx.showModal).toHaveBeenCalled()
    expect(server.callsTo('POST', `${A}/renewal-prefill`)).toHaveLength(1)
    expect(server.callsTo('POST', `${A}/renewal-prefill`)[0].data).toBeUndefined()
    expect(textOf(comp, '#prefilled')).toContain('已用以往资料预填')
    await save(comp)
    await settle()
    expect(patches(server, 'renewal')[0].data).toEqual({ kind: 'renewal' })
  })

  test('续聘 without an earlier application: no prefill; 新增 never prefills', async () => {
    const { comp, server } = await open('renewal')
    await tap(comp, '#kind-renewal')
    await tap(comp, '#kind-new')
    await settle()
    expect(server.callsTo('POST', `${A}/renewal-prefill`)).toHaveLength(0)
    await save(comp)
    await settle()
    expect(patches(server, 'renewal')[0].data).toEqual({ kind: 'new' })
  })

  test('a prefill refused by the server shows its message', async () => {
    const { comp, wx } = await open('renewal', { application: draftApplication({ renewal: { kind: null, renewal_available: true } }) })
    await tap(comp, '#kind-renewal')
    await settle(20)
    expect(wx.showToast).toHaveBeenCalledWith(expect.objectContaining({ title: '没有可用于续聘的已审核通过的申请' }))
  })
})

describe('commitment letter', () => {
  test('the template is downloaded with the token and opened as a PDF', async () => {
    const { comp, server, wx } = await open('commitment')
    await tap(comp, '#download-template')
    await settle(20)
    const [download] = server.calls.filter((c) => c.download)
    expect(download.path).toBe(`${A}/commitment-letter.pdf`)
    expect(download.header.Authorization).toBe('Bearer tok')
    expect(wx.openDocument).toHaveBeenCalledWith(expect.objectContaining({
      filePath: 'wxfile://tmp/commitment-letter.pdf', fileType: 'pdf',
    }))
  })

  test('a failed download says so', async () => {
    const { comp, server, wx } = await open('commitment')
    server.on('GET', `${A}/commitment-letter.pdf`, { status: 404 })
    await tap(comp, '#download-template')
    await settle(20)
    expect(wx.openDocument).not.toHaveBeenCalled()
    expect(wx.showModal).toHaveBeenCalledWith(expect.objectContaining({ content: '请求的内容不存在' }))
  })

  test('a PDF the phone cannot open says what to do', async () => {
    const { comp, wx } = await open('commitment')
    wx.__fail.openDocument = { errMsg: 'openDocument:fail filetype not supported' }
    await tap(comp, '#download-template')
    await settle(20)
    expect(wx.showModal).toHaveBeenCalledWith(expect.objectContaining({
      content: '无法在手机上打开该 PDF，请稍后重试；如仍打不开，请拨打技术服务咨询热线。',
    }))
  })

  test('the signed PDF is uploaded and saved in the commitment section', async () => {
    const { comp, server } = await open('commitment')
    await tap(comp.querySelector('#commitment_letter'), '#choose')
    await settle(20)
    expect(server.calls.filter((c) => c.multipart)[0].formData).toEqual({ kind: 'commitment_letter', name: '扫描件.pdf' })
    expect(patches(server, 'commitment').map((c) => c.data)).toEqual([{ commitment_letter_file_id: STORED_PDF.id }])
    await save(comp)
    await settle()
    expect(patches(server, 'commitment')[1].data).toEqual({ commitment_letter_file_id: STORED_PDF.id })
  })
})

describe('desktop upload', () => {
  const PAGE = 'pages/application/desktop-upload/index'

  function codeIn(minutes) {
    const t = new Date(Date.now() + minutes * 60000 + 8 * 3600000).toISOString().replace('Z', '+08:00')
    return { ...DESKTOP_CODE, expires_at: t }
  }

  test('shows the code, the QR, the URL and how long it is valid; then sees the file arrive', async () => {
    const server = applicationServer()
    server.on('POST', `${A}/desktop-upload-codes`, { status: 201, body: codeIn(30) })
    const { comp, wx } = loadPage(PAGE, { server, storage: LOGGED_IN })
    await comp.instance.onLoad({ slot: 'commitment_letter', label: encodeURIComponent('诚信承诺书') })
    await settle()

    expect(server.callsTo('POST', `${A}/desktop-upload-codes`)[0].data).toEqual({ slot: 'commitment_letter' })
    expect(textOf(comp, '#code')).toBe('K7P2QX')
    expect(textOf(comp, '#url')).toBe('https://zjsq.example.invalid/upload?code=K7P2QX')
    expect(comp.instance.data.qrSrc).toBe(`data:image/png;base64,${DESKTOP_CODE.qr_png_base64}`)
    expect(comp.querySelector('#qr')).toBeTruthy()
    expect(textOf(comp, '#expiry')).toMatch(/^30分钟内有效/)
    expect(comp.dom.textContent).toContain('在电脑浏览器中打开')
    await tap(comp, '#copy-url')
    expect(wx.setClipboardData).toHaveBeenCalledWith(expect.objectContaining({ data: 'https://zjsq.example.invalid/upload?code=K7P2QX' }))

    // Back in front after the upload on the computer: the application is read again.
    server.state.application.commitment.commitment_letter_file_id = STORED_PDF.id
    server.state.application.files = { [STORED_PDF.id]: STORED_PDF }
    await comp.instance.onShow()
    await settle()
    expect(server.callsTo('GET', A)).toHaveLength(2)
    expect(textOf(comp, '#arrived-name')).toContain('扫描件.pdf')
    await tap(comp, '#done')
    expect(wx.reLaunch).toHaveBeenCalledWith({ url: '/pages/application/index' })
  })

  test('a certificate slot: nothing yet on show says so', async () => {
    const server = applicationServer({ application: draftApplication({ certificates: [{ id: 3, name: 'x', registration_number: 'y', proof_file_id: null }] }) })
    server.on('POST', `${A}/desktop-upload-codes`, { status: 201, body: codeIn(30) })
    const { comp, wx } = loadPage(PAGE, { server, storage: LOGGED_IN })
    await comp.instance.onLoad({ slot: encodeURIComponent('certificate:3') })
    await settle()
    expect(server.callsTo('POST', `${A}/desktop-upload-codes`)[0].data).toEqual({ slot: 'certificate:3' })
    await comp.instance.onShow()
    await settle()
    expect(comp.querySelector('#arrived')).toBeFalsy()
    expect(wx.showToast).toHaveBeenCalledWith(expect.objectContaining({ title: '尚未收到文件' }))
  })

  test("the server's refusal is shown", async () => {
    const server = applicationServer()
    server.on('POST', `${A}/desktop-upload-codes`, { status: 409, body: errorBody('conflict', '申请已提交，不能修改') })
    const { comp } = loadPage(PAGE, { server, storage: LOGGED_IN })
    await comp.instance.onLoad({ slot: 'education_proof' })
    await settle()
    expect(textOf(comp, '#error')).toBe('申请已提交，不能修改')
  })
})
