/**
 * The exam result and the admission letter: the home card's 已入库 / 未通过, the result page, the
 * letter opened with wx.downloadFile + wx.openDocument.
 */
const {
  FakeServer, loadPage, tap, textOf, settle, errorBody, batchBody,
} = require('./helpers')
const app = require('./fixtures/application')
const fx = require('./fixtures/association')

const TOKEN = { auth_token: 'tok', auth_account: { id: 7, username: 'zhangsan', phone: '138****8000', wechat_bound: false } }
const A = '/api/v1/applications/current'
const PAGE = 'pages/admission/index'

function resultServer(result) {
  return new FakeServer()
    .on('GET', '/api/v1/exam-result', result ? { status: 200, body: result } : {
      status: 404, body: errorBody('not_found', '尚无考试结果'),
    })
    .on('GET', '/api/v1/exam-result/admission-letter.pdf', { status: 200 })
}

async function openResult(result) {
  const env = loadPage(PAGE, { server: resultServer(result), storage: TOKEN })
  await env.comp.instance.onShow()
  await settle()
  return env
}

describe('the home card after the exam', () => {
  async function openHome(application) {
    const server = new FakeServer()
      .on('GET', '/api/v1/me', { status: 200, body: TOKEN.auth_account })
      .on('GET', '/api/v1/batches/current', { status: 200, body: batchBody({ phase: 'closed', phase_label: '本批次已结束' }) })
      .on('GET', A, { status: 200, body: application })
    const env = loadPage('pages/home/index', { server, storage: TOKEN })
    await env.comp.instance.onShow()
    await settle()
    return env
  }

  test('已入库: the expert number and the way to the admission letter', async () => {
    const { comp, wx } = await openHome(app.approvedApplication({ state: 'admitted', state_label: '已入库', allowed_actions: [] }))
    expect(textOf(comp, '#status-title')).toBe('已入库')
    expect(textOf(comp, '#status-hint')).toBe('考试通过，您已入选评标专家库，可查看入库通知书')
    expect(textOf(comp, '#expert-number')).toBe('B001-650100-0001')
    expect(textOf(comp, '#status-action')).toBe('查看入库通知书')
    await tap(comp, '#status-action')
    expect(wx.navigateTo).toHaveBeenCalledWith({ url: '/pages/admission/index' })
  })

  test('未通过: said plainly, with the way to the result', async () => {
    const { comp } = await openHome(app.approvedApplication({ state: 'failed', state_label: '未通过', allowed_actions: [] }))
    expect(textOf(comp, '#status-title')).toBe('未通过')
    expect(textOf(comp, '#status-hint')).toBe('很遗憾，本次考试未通过')
    expect(textOf(comp, '#status-action')).toBe('查看考试结果')
  })
})

describe('the result page', () => {
  test('admitted: the number, the score, the term, and the letter to open', async () => {
    const { comp, server, wx } = await openResult(fx.ADMITTED)
    expect(textOf(comp, '#result-title')).toBe('考试通过，已入评标专家库')
    expect(textOf(comp, '#expert-number')).toBe('B001-650200-0001')
    expect(textOf(comp, '#score')).toBe('88')
    expect(textOf(comp, '#term')).toBe('2024年12月20日至2027年12月19日')
    await tap(comp, '#open-letter')
    await settle()
    expect(server.callsTo('GET', '/api/v1/exam-result/admission-letter.pdf')[0].header.Authorization).toBe('Bearer tok')
    expect(wx.openDocument).toHaveBeenCalledWith(expect.objectContaining({ fileType: 'pdf', showMenu: true }))
  })

  test('a letter that will not open is explained in Chinese', async () => {
    const { comp, wx } = await openResult(fx.ADMITTED)
    wx.__fail.openDocument = { errMsg: 'openDocument:fail' }
    await tap(comp, '#open-letter')
    await settle()
    expect(wx.showModal).toHaveBeenLastCalledWith(expect.objectContaining({
      content: '无法在手机上打开该 PDF，请稍后重试；如仍打不开，请拨打技术服务咨询热线。',
    }))
  })

  test('failed: the score and where to ask, no letter', async () => {
    const { comp, wx } = await openResult(fx.FAILED)
    expect(textOf(comp, '#result-title')).toBe('考试未通过')
    expect(textOf(comp, '#score')).toBe('52')
    expect(comp.querySelector('#open-letter')).toBeFalsy()
    await tap(comp, '#failed-hint')
    expect(wx.navigateTo).toHaveBeenCalledWith({ url: '/pages/help/index' })
  })

  test('no result yet says when it comes', async () => {
    const { comp } = await openResult(null)
    expect(textOf(comp, '#load-error')).toBe('尚无考试结果。考试结果登记后，会通过微信或短信通知您。')
  })
})
