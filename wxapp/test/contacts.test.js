/** 咨询电话: my prefecture's policy contacts first, then the hotlines, each tapped to call. */
const {
  FakeServer, loadPage, tap, textOf, settle,
} = require('./helpers')
const app = require('./fixtures/application')
const fx = require('./fixtures/association')

const TOKEN = { auth_token: 'tok' }
const PAGE = 'pages/help/index'
const URUMQI = {
  prefecture: { code: '650100', name: '乌鲁木齐市' },
  contacts: [{ label: '乌鲁木齐市住房和城乡建设局', phone: '0991-1234567', hours: '' }],
  hotlines: fx.HOTLINES,
}

function helpServer(body = fx.CONTACTS) {
  return new FakeServer()
    .on('GET', '/api/v1/contacts', { status: 200, body })
    .on('GET', '/api/v1/contacts?prefecture_code=650100', { status: 200, body: URUMQI })
    .on('GET', '/api/v1/reference/options', { status: 200, body: app.OPTIONS })
}

async function openHelp(body) {
  const env = loadPage(PAGE, { server: helpServer(body), storage: TOKEN })
  await env.comp.instance.onShow()
  await settle()
  return env
}

test('my prefecture\'s contacts come first with their hours, then the hotlines', async () => {
  const { comp } = await openHelp()
  expect(textOf(comp, '#contacts-heading')).toBe('克拉玛依市政策咨询电话')
  expect(textOf(comp, '#call-0')).toBe('克拉玛依市住房和城乡建设局工作日 10:00-18:000990-6231234')
  expect(textOf(comp, '#call-1')).toBe('缴费系统咨询电话0991-8837428')
  expect(textOf(comp, '#call-2')).toBe('技术服务咨询热线工作日 10:00-19:300991-8837410')
})

test('a tap dials the number; a failed call names it', async () => {
  const { comp, wx } = await openHelp()
  await tap(comp, '#call-0')
  expect(wx.makePhoneCall).toHaveBeenCalledWith(expect.objectContaining({ phoneNumber: '0990-6231234' }))
  wx.__fail.makePhoneCall = { errMsg: 'makePhoneCall:fail' }
  await tap(comp, '#call-2')
  expect(wx.showModal).toHaveBeenLastCalledWith(expect.objectContaining({ content: '未能拨打电话，请手动拨打 0991-8837410。' }))
})

test('without a prefecture yet, the page says where the local numbers come from', async () => {
  const { comp } = await openHelp(fx.CONTACTS_NO_PREFECTURE)
  expect(textOf(comp, '#contacts-heading')).toBe('填写申报资料中的“所在市州”后，这里显示当地住房城乡建设主管部门的政策咨询电话。')
  expect(textOf(comp, '#call-0')).toBe('缴费系统咨询电话0991-8837428')
})

test('another prefecture\'s contacts are looked up from the list', async () => {
  const { comp, server } = await openHelp()
  const index = app.OPTIONS.prefectures.findIndex((p) => p.code === '650100')
  comp.querySelector('#pick-prefecture').dispatchEvent('change', { detail: { value: String(index) } })
  await settle()
  expect(server.callsTo('GET', '/api/v1/contacts?prefecture_code=650100')).toHaveLength(1)
  expect(textOf(comp, '#contacts-heading')).toBe('乌鲁木齐市政策咨询电话')
  expect(textOf(comp, '#call-0')).toBe('乌鲁木齐市住房和城乡建设局0991-1234567')
})

test('the home page shows my prefecture\'s numbers before the hotlines', async () => {
  const server = helpServer()
    .on('GET', '/api/v1/me', { status: 200, body: { id: 7, username: 'zhangsan', phone: '138****8000', wechat_bound: false } })
    .on('GET', '/api/v1/notices', { status: 200, body: fx.NOTICE_LIST })
  const { comp, wx } = loadPage('pages/home/index', { server, storage: TOKEN })
  await comp.instance.onShow()
  await settle()
  expect(textOf(comp, '#contacts-heading')).toBe('克拉玛依市政策咨询电话')
  expect(textOf(comp, '#call-0')).toBe('克拉玛依市住房和城乡建设局0990-6231234')
  expect(textOf(comp, '#unread-notices')).toBe('1条未读')
  await tap(comp, '#notices-entry')
  expect(wx.navigateTo).toHaveBeenCalledWith({ url: '/pages/notices/index' })
  await tap(comp, '#more-contacts')
  expect(wx.navigateTo).toHaveBeenCalledWith({ url: '/pages/help/index' })
})
