/**
 * The phone's own features (album and camera, chat files, the document viewer, the clipboard,
 * calls) as promises, each failure told in Chinese: what happened and what to do.
 *
 * A promise rejects with a DeviceError {message, cancelled}; `cancelled` is true when the user
 * backed out (nothing to tell). `tell(message)` shows a message that needs reading (a modal, not a
 * toast: a toast cuts long text and vanishes before an older reader is done).
 */
class DeviceError extends Error {
  constructor(message, cancelled = false) {
    super(message)
    this.name = 'DeviceError'
    this.cancelled = cancelled
  }
}

const MESSAGES = {
  imageDenied: '未获得使用相册或相机的授权。请点右上角“···”→“设置”，允许使用相册和相机后重试。',
  imageFailed: '未能打开相册或相机，请重试；也可以换一张图片，或在电脑上上传。',
  pdfFailed: '未能打开聊天记录中的文件，请重试。可先把 PDF 发送到“文件传输助手”，再从聊天记录中选择；也可以用“电脑上传”。',
  openPdfFailed: '无法在手机上打开该 PDF，请稍后重试；如仍打不开，请拨打技术服务咨询热线。',
  previewFailed: '无法预览该图片，请稍后重试。',
  copyFailed: '复制失败，请长按链接手动复制，或用电脑扫描二维码。',
}

function errText(err) {
  return String((err && (err.errMsg || err.message)) || '')
}

function isCancel(err) {
  return /cancel/i.test(errText(err))
}

function isDenied(err) {
  return /auth|deny|denied|privacy|permission/i.test(errText(err))
}

/** Wrap a wx API with success/fail callbacks; `failure(err)` gives the Chinese message. */
function call(api, options, failure) {
  return new Promise((resolve, reject) => {
    wx[api]({
      ...options,
      success: resolve,
      fail: (err) => reject(isCancel(err) ? new DeviceError('', true) : new DeviceError(failure(err))),
    })
  })
}

function extensionOf(path) {
  const match = /\.([A-Za-z0-9]+)$/.exec(String(path || ''))
  return match ? match[1].toLowerCase() : ''
}

/** One image from the album or the camera: {path, size, name, extension}. */
async function chooseImage() {
  const res = await call('chooseMedia', {
    count: 1, mediaType: ['image'], sourceType: ['album', 'camera'], sizeType: ['compressed'],
  }, (err) => (isDenied(err) ? MESSAGES.imageDenied : MESSAGES.imageFailed))
  const file = res && res.tempFiles && res.tempFiles[0]
  if (!file) throw new DeviceError('', true)
  return { path: file.tempFilePath, size: file.size, name: '', extension: extensionOf(file.tempFilePath) }
}

/** Photos of the pages of a document, in the order taken or picked: [{path, size, extension}]. */
async function choosePagePhotos(count = 9) {
  const res = await call('chooseMedia', {
    count, mediaType: ['image'], sourceType: ['camera', 'album'], sizeType: ['compressed'],
  }, (err) => (isDenied(err) ? MESSAGES.imageDenied : MESSAGES.imageFailed))
  const files = (res && res.tempFiles) || []
  if (!files.length) throw new DeviceError('', true)
  return files.map((file) => ({ path: file.tempFilePath, size: file.size, extension: extensionOf(file.tempFilePath) }))
}

/** One PDF from a chat: {path, size, name, extension}. */
async function choosePdf() {
  const res = await call('chooseMessageFile', { count: 1, type: 'file', extension: ['pdf'] }, () => MESSAGES.pdfFailed)
  const file = res && res.tempFiles && res.tempFiles[0]
  if (!file) throw new DeviceError('', true)
  return { path: file.path, size: file.size, name: file.name || '', extension: extensionOf(file.name || file.path) }
}

/** A downloaded PDF in the viewer, with the menu to print or forward it. */
function openPdf(filePath) {
  return call('openDocument', { filePath, fileType: 'pdf', showMenu: true }, () => MESSAGES.openPdfFailed)
}

function previewImage(path) {
  return call('previewImage', { urls: [path], current: path }, () => MESSAGES.previewFailed)
}

function copyText(data) {
  return call('setClipboardData', { data }, () => MESSAGES.copyFailed)
}

/** Dial a hotline; a failure names the number to dial by hand. */
function callPhone(phoneNumber) {
  return call('makePhoneCall', { phoneNumber }, () => `未能拨打电话，请手动拨打 ${phoneNumber}。`)
}

/** A message to read and acknowledge (知道了). */
function tell(message, title = '提示') {
  return new Promise((resolve) => {
    wx.showModal({
      title, content: message, showCancel: false, confirmText: '知道了', success: resolve, fail: resolve,
    })
  })
}

/** Tell a failure unless the user cancelled; any error with a message will do. */
function tellFailure(err, fallback) {
  if (err && err.cancelled) return Promise.resolve()
  return tell((err && err.message) || fallback)
}

module.exports = {
  DeviceError,
  MESSAGES,
  chooseImage,
  choosePagePhotos,
  choosePdf,
  openPdf,
  previewImage,
  copyText,
  callPhone,
  tell,
  tellFailure,
}
