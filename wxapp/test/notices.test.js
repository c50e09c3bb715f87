/** 通知公告: the list with unread markers, a notice with its text and PDFs, the home page's count. */
const {
  FakeServer, loadPage, tap, textOf, settle, errorBody,
} = require('./helpers')
const fx = require('./fixtures/association')

const TOKEN = { auth_token: 'tok' }
const LIST = 'pages/notices/index'
const DETAIL = 'pages/notices/detail/index'

function noticeServer() {
  return new FakeServer()
    .on('GET', '/api/v1/notices', { status: 200, body: fx.NOTICE_LIST })
    .on('GET', '/api/v1/notices/11', { status: 200, body: fx.NOTICE })
    .on('POST', '/api/v1/notices/11/read', { status: 204 })
    .on('GET', '/api/v1/notices/11/attachments/31', { status: 200 })
}

async function openDetail(server = noticeServer(), id = '11') {
  const env = loadPage(DETAIL, { server, storage: TOKEN })
  await env.comp.instance.onLoad({ id })
  await settle()
  return env
}

describe('the notices list', () => {
  test('newest first, the unread one marked, its time in Beijing time', async () => {
    const { comp } = loadPage(LIST, { server: noticeServer(), storage: TOKEN })
    await comp.instance.onShow()
    await settle()
    expect(textOf(comp, '#unread-count')).toBe('1条未读通知')
    expect(textOf(comp, '#notice-12')).toBe('未读关于参加评标专家考试的通知2024年12月8日 10:00（北京时间）')
    expect(textOf(comp, '#unread-11')).toBe('')
    expect(textOf(comp, '#notice-11')).toContain('附件2个')
  })

  test('a tap opens the notice', async () => {
    const { comp, wx } = loadPage(LIST, { server: noticeServer(), storage: TOKEN })
    await comp.instance.onShow()
    await settle()
    await tap(comp, '#notice-11')
    expect(wx.navigateTo).toHaveBeenCalledWith({ url: '/pages/notices/detail/index?id=11' })
  })

  test('no notice yet says when they come', async () => {
    const server = new FakeServer().on('GET', '/api/v1/notices', { status: 200, body: { notices: [], unread: 0 } })
    const { comp } = loadPage(LIST, { server, storage: TOKEN })
    await comp.instance.onShow()
    await settle()
    expect(textOf(comp, '#no-notices')).toContain('缴费成功后，培训、考试的时间和要求会在这里发布')
  })

  test('a network failure is told in Chinese', async () => {
    const server = noticeServer()
    server.offline = true
    const { comp } = loadPage(LIST, { server, storage: TOKEN })
    await comp.instance.onShow()
    await settle()
    expect(textOf(comp, '#load-error')).toBe('网络连接失败，请检查网络后重试')
  })
})

describe('a notice', () => {
  test('shows its text as written and marks it read', async () => {
    const { comp, server } = await openDetail()
    expect(textOf(comp, '#notice-title')).toBe('第一期评标专家培训通知')
    expect(textOf(comp, '#notice-time')).toBe('发布时间：2024年12月5日 09:30（北京时间）')
    expect(comp.querySelector('#notice-body').dom.textContent).toBe(fx.NOTICE.body)
    expect(textOf(comp, '#attachment-31')).toBe('培训日程.pdf2页 200KB')
    expect(textOf(comp, '#attachment-32')).toBe('考场安排.pdf10页 3.2MB')
    expect(server.callsTo('POST', '/api/v1/notices/11/read')).toHaveLength(1)
  })

  test('a notice already read is not marked again', async () => {
    const server = noticeServer().on('GET', '/api/v1/notices/11', { status: 200, body: { ...fx.NOTICE, read: true } })
    await openDetail(server)
    expect(server.callsTo('POST', '/api/v1/notices/11/read')).toHaveLength(0)
  })

  test('an attachment is downloaded with the token and opened in the document viewer', async () => {
    const { comp, server, wx } = await openDetail()
    await tap(comp, '#attachment-31')
    await settle()
    const [download] = server.callsTo('GET', '/api/v1/notices/11/attachments/31')
    expect(download.header.Authorization).toBe('Bearer tok')
    expect(wx.openDocument).toHaveBeenCalledWith(expect.objectContaining({
      filePath: 'wxfile://tmp/31', fileType: 'pdf', showMenu: true,
    }))
  })

  test('an attachment the phone cannot open is explained in Chinese', async () => {
    const { comp, wx } = await openDetail()
    wx.__fail.openDocument = { errMsg: 'openDocument:fail filetype not supported' }
    await tap(comp, '#attachment-31')
    await settle()
    expect(wx.showModal).toHaveBeenLastCalledWith(expect.objectContaining({
      content: '无法在手机上打开该 PDF，请稍后重试；如仍打不开，请拨打技术服务咨询热线。',
    }))
  })

  test('a download that fails says so, and a refused one gives the server’s reason', async () => {
    const server = noticeServer()
      .on('GET', '/api/v1/notices/11/attachments/32', { status: 404, body: errorBody('not_found', '附件不存在') })
    const { comp, wx } = await openDetail(server)
    await tap(comp, '#attachment-32')
    await settle()
    expect(wx.showModal).toHaveBeenLastCalledWith(expect.objectContaining({ content: '附件不存在' }))
    server.offline = true
    await tap(comp, '#attachment-31')
    await settle()
    expect(wx.showModal).toHaveBeenLastCalledWith(expect.objectContaining({ content: '下载失败：网络连接中断，请检查网络后重试' }))
    expect(wx.openDocument).not.toHaveBeenCalled()
  })

  test('a notice that is not mine is not found', async () => {
    const server = new FakeServer().on('GET', '/api/v1/notices/99', { status: 404, body: errorBody('not_found', '通知不存在') })
    const { comp } = await openDetail(server, '99')
    expect(textOf(comp, '#load-error')).toBe('通知不存在，或不是发给您的通知')
  })
})
