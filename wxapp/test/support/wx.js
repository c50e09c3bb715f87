/**
 * An in-memory wx API for the tests, strict where the platform is: wx.request, wx.uploadFile,
 * wx.downloadFile and the calls that can fail on a phone (pickers, the document viewer, the
 * clipboard, calls, wx.login) refuse what the platform does not document — a method wx.request
 * does not offer, an option it does not know, a call without `fail` where the
 * platform reports failures through it. A refusal throws and is kept in wx.__violations; every
 * test ends by checking there was none (test/support/after-each.js).
 *
 * The network goes through a transport: a FakeServer (canned answers) or the RealServer (HTTP to
 * the Flask server the suite started). Device calls succeed with wx.__chosen files, or fail once
 * with wx.__fail[name] = {errMsg}.
 */
const REQUEST_METHODS = ['OPTIONS', 'GET', 'HEAD', 'POST', 'PUT', 'DELETE', 'TRACE', 'CONNECT']

const CALLBACKS = ['success', 'fail', 'complete']
/** The options each API documents (developers.weixin.qq.com/miniprogram/dev/api/). */
const DOCUMENTED = {
  request: ['url', 'data', 'header', 'timeout', 'method', 'dataType', 'responseType', 'useHighPerformanceMode',
    'enableHttp2', 'enableProfile', 'enableQuic', 'enableCache', 'enableHttpDNS', 'httpDNSServiceId',
    'enableChunked', 'forceCellularNetwork', 'redirect'],
  uploadFile: ['url', 'filePath', 'name', 'header', 'formData', 'timeout'],
  downloadFile: ['url', 'header', 'timeout', 'filePath'],
  login: ['timeout'],
  chooseMedia: ['count', 'mediaType', 'sourceType', 'maxDuration', 'sizeType', 'camera'],
  chooseMessageFile: ['count', 'type', 'extension'],
  openDocument: ['filePath', 'showMenu', 'fileType'],
  previewImage: ['urls', 'showmenu', 'current', 'referrerPolicy'],
  setClipboardData: ['data'],
  makePhoneCall: ['phoneNumber'],
  showModal: ['title', 'content', 'showCancel', 'cancelText', 'cancelColor', 'confirmText', 'confirmColor',
    'editable', 'placeholderText'],
  showToast: ['title', 'icon', 'image', 'duration', 'mask'],
  enableAlertBeforeUnload: ['message'],
  disableAlertBeforeUnload: [],
  navigateTo: ['url', 'events'],
  redirectTo: ['url'],
  reLaunch: ['url'],
  navigateBack: ['delta'],
  switchTab: ['url'],
  setNavigationBarTitle: ['title'],
  requestSubscribeMessage: ['tmplIds'],
  requestPayment: ['timeStamp', 'nonceStr', 'package', 'signType', 'paySign'],
}
/** Calls whose failure the platform reports only through `fail`: the caller must handle it. */
const MUST_HANDLE_FAIL = ['request', 'uploadFile', 'downloadFile', 'login', 'chooseMedia', 'chooseMessageFile',
  'openDocument', 'previewImage', 'setClipboardData', 'makePhoneCall', 'requestSubscribeMessage',
  'requestPayment']
/** wx.requestSubscribeMessage asks for one to three templates at once. */
const MAX_SUBSCRIBE_TEMPLATES = 3
const SYNTHETIC_CALLBACKS = ['request', 'uploadFile', 'downloadFile'] // no complete needed there either

function refuse(wx, message) {
  wx.__violations.push(message)
  throw new Error(message)
}

function check(wx, name, options) {
  if (!options || typeof options !== 'object') refuse(wx, `wx.${name} needs an options object`)
  const known = DOCUMENTED[name].concat(CALLBACKS)
  Object.keys(options).forEach((key) => {
    if (known.indexOf(key) < 0) refuse(wx, `wx.${name}: the option "${key}" is not documented`)
  })
  if (MUST_HANDLE_FAIL.indexOf(name) >= 0 && typeof options.fail !== 'function') {
    refuse(wx, `wx.${name} is called without fail: its failures would go unseen on a phone`)
  }
  if (name === 'request') {
    const method = options.method === undefined ? 'GET' : options.method
    if (REQUEST_METHODS.indexOf(method) < 0) {
      refuse(wx, `wx.request does not offer the method ${method} (only ${REQUEST_METHODS.join(' ')})`)
    }
  }
  if (name === 'requestSubscribeMessage') {
    const ids = options.tmplIds
    if (!Array.isArray(ids) || !ids.length || ids.length > MAX_SUBSCRIBE_TEMPLATES || ids.some((id) => typeof id !== 'string' || !id)) {
      refuse(wx, `wx.requestSubscribeMessage: tmplIds must be 1 to ${MAX_SUBSCRIBE_TEMPLATES} template ids`)
    }
  }
  if (SYNTHETIC_CALLBACKS.indexOf(name) >= 0 && !/^https?:\/\//.test(String(options.url || ''))) {
    refuse(wx, `wx.${name}: url must be an http(s) address, not ${options.url}`)
  }
}

/** A device call: succeeds with `result()` on the next turn, or fails once as wx.__fail[name] says. */
function deviceCall(wx, name, result) {
  return jest.fn((options) => {
    check(wx, name, options)
    setTimeout(() => {
      const failure = wx.__fail[name]
      if (failure) {
        delete wx.__fail[name]
        if (options.fail) options.fail(failure)
      } else if (options.success) {
        options.success(result(options))
      }
      if (options.complete) options.complete({})
    }, 0)
  })
}

const CHOSEN_IMAGE = { tempFilePath: 'wxfile://tmp/photo.jpg', size: 204800, fileType: 'image' }
const CHOSEN_PDF = { path: 'wxfile://tmp/scan.pdf', name: '扫描件.pdf', size: 512000, type: 'file' }

/** Put fresh jest mocks for the wx APIs the project uses on global.wx; the network goes to `transport`. */
function installWx(transport) {
  const storage = new Map()
  const wx = global.wx || {}
  const strict = (name, impl) => jest.fn((options) => {
    check(wx, name, options)
    return impl(options)
  })
  const plain = (name) => jest.fn((options) => { if (options !== undefined) check(wx, name, options) })
  Object.assign(wx, {
    __storage: storage,
    __server: transport,
    __violations: [],
    __fail: {},
    __chosen: { image: { ...CHOSEN_IMAGE }, pdf: { ...CHOSEN_PDF } },
    __modalAnswers: [],
    __subscribeAnswers: {},
    __envVersion: 'develop',
    getAccountInfoSync: jest.fn(() => ({ miniProgram: { appId: 'wx-test', envVersion: wx.__envVersion, version: '' } })),
    getStorageSync: jest.fn((key) => (storage.has(key) ? storage.get(key) : '')),
    setStorageSync: jest.fn((key, value) => { storage.set(key, JSON.parse(JSON.stringify(value))) }),
    removeStorageSync: jest.fn((key) => { storage.delete(key) }),
    clearStorageSync: jest.fn(() => storage.clear()),
    request: strict('request', (options) => transport.request(options)),
    uploadFile: strict('uploadFile', (options) => transport.uploadFile(options)),
    downloadFile: strict('downloadFile', (options) => transport.downloadFile(options)),
    getFileSystemManager: jest.fn(() => ({ readFileSync: jest.fn((filePath, encoding) => transport.readFile(filePath, encoding)) })),
    login: deviceCall(wx, 'login', () => ({ code: wx.__loginCode || 'wx-login-code', errMsg: 'login:ok' })),
    // Several photos at once when a test sets __chosen.images.
    chooseMedia: deviceCall(wx, 'chooseMedia', () => ({ type: 'image', tempFiles: wx.__chosen.images || [wx.__chosen.image] })),
    chooseMessageFile: deviceCall(wx, 'chooseMessageFile', () => ({ tempFiles: [wx.__chosen.pdf] })),
    openDocument: deviceCall(wx, 'openDocument', () => ({ errMsg: 'openDocument:ok' })),
    previewImage: deviceCall(wx, 'previewImage', () => ({ errMsg: 'previewImage:ok' })),
    setClipboardData: deviceCall(wx, 'setClipboardData', () => ({ errMsg: 'setClipboardData:ok' })),
    makePhoneCall: deviceCall(wx, 'makePhoneCall', () => ({ errMsg: 'makePhoneCall:ok' })),
    // The applicant's choice per template: wx.__subscribeAnswers[id], 'accept' unless told.
    requestSubscribeMessage: deviceCall(wx, 'requestSubscribeMessage', (options) => {
      const result = { errMsg: 'requestSubscribeMessage:ok' }
      options.tmplIds.forEach((id) => { result[id] = wx.__subscribeAnswers[id] || 'accept' })
      return result
    }),
    requestPayment: deviceCall(wx, 'requestPayment', () => ({ errMsg: 'requestPayment:ok' })),
    showModal: deviceCall(wx, 'showModal', () => {
      const confirmed = wx.__modalAnswers.length ? wx.__modalAnswers.shift() : true
      return { confirm: confirmed, cancel: !confirmed }
    }),
    showToast: plain('showToast'),
    enableAlertBeforeUnload: plain('enableAlertBeforeUnload'),
    disableAlertBeforeUnload: plain('disableAlertBeforeUnload'),
    reLaunch: plain('reLaunch'),
    navigateTo: plain('navigateTo'),
    navigateBack: plain('navigateBack'),
    redirectTo: plain('redirectTo'),
    switchTab: plain('switchTab'),
    setNavigationBarTitle: plain('setNavigationBarTitle'),
    hideHomeButton: jest.fn(),
    stopPullDownRefresh: jest.fn(),
    showLoading: jest.fn(),
    hideLoading: jest.fn(),
    pageScrollTo: jest.fn(),
  })
  global.wx = wx
  return { wx, server: transport, storage }
}

module.exports = {
  REQUEST_METHODS, DOCUMENTED, MUST_HANDLE_FAIL, CHOSEN_IMAGE, CHOSEN_PDF, installWx,
}
