/**
 * The one API client of the mini-program.
 *
 * - Base URL from config.js; JSON request and response bodies.
 * - Sends "Authorization: Bearer <token>" with the token kept by utils/session.js.
 * - A non-2xx answer rejects with an ApiError {status, code, message, fields}
 *   taken from the server's error shape {"code", "message", "fields"}.
 * - HTTP 401 with code "not_logged_in": logs in again ONCE with wx.login ->
 *   POST /api/v1/sessions/wechat {code}. "logged_in" stores the new token and
 *   retries the original request once; "bind_required" stores the bind ticket
 *   and opens the login page ON TOP of the page stack (wx.navigateTo, never
 *   wx.reLaunch): after the login the applicant is back on the page they were
 *   typing in, with their input. Concurrent 401s share one re-login.
 * - Only methods wx.request offers (GET, POST, PUT, DELETE here): a section is saved with PUT.
 * - A network failure rejects with status 0, code "network_error" and a
 *   Chinese message.
 * - Files go up with wx.uploadFile (multipart, field "file") and come down with
 *   wx.downloadFile, with the same token, error shape and re-login.
 */
const config = require('../config')
const session = require('./session')

const LOGIN_PAGE = '/pages/accounts/login/index'
const NETWORK_ERROR_MESSAGE = '网络连接失败，请检查网络后重试'

const DEFAULT_ERRORS = {
  400: ['bad_request', '请求有误，请检查后重试'],
  401: ['not_logged_in', '请先登录'],
  403: ['forbidden', '没有权限进行此操作'],
  404: ['not_found', '请求的内容不存在'],
  409: ['conflict', '操作冲突，请刷新后重试'],
  413: ['too_large', '文件过大，请压缩后重新上传'],
  415: ['unsupported_media_type', '文件格式不支持，请按要求选择文件'],
  422: ['invalid', '填写的内容有误，请检查后重试'],
  423: ['locked', '账号已被锁定，请稍后再试'],
  429: ['too_many_requests', '操作过于频繁，请稍后再试'],
}
const SERVER_ERROR = ['server_error', '服务器繁忙，请稍后重试']

class ApiError extends Error {
  constructor({ status, code, message, fields }) {
    super(message)
    this.name = 'ApiError'
    this.status = status
    this.code = code
    this.fields = fields || {}
  }
}

function isOk(res) {
  return res.statusCode >= 200 && res.statusCode < 300
}

/** Build the ApiError for a non-2xx wx.request answer. */
function toError(res) {
  const body = res.data && typeof res.data === 'object' ? res.data : {}
  const [defaultCode, defaultMessage] = DEFAULT_ERRORS[res.statusCode] || SERVER_ERROR
  const fields = body.fields && typeof body.fields === 'object' ? body.fields : {}
  return new ApiError({
    status: res.statusCode,
    code: typeof body.code === 'string' ? body.code : defaultCode,
    message: typeof body.message === 'string' && body.message ? body.message : defaultMessage,
    fields,
  })
}

/** One HTTP exchange: resolves with the wx.request answer, rejects on network failure. */
function send(method, path, data, token) {
  return new Promise((resolve, reject) => {
    const header = { 'Content-Type': 'application/json', Accept: 'application/json' }
    if (token) header.Authorization = `Bearer ${token}`
    const options = {
      url: config.apiBaseUrl() + path,
      method,
      header,
      dataType: 'json',
      timeout: config.requestTimeoutMs,
      success: resolve,
      fail: () => reject(networkError()),
    }
    if (data !== undefined) options.data = data
    wx.request(options)
  })
}

const UPLOAD_FAILED = '上传失败：网络连接中断，请检查网络后重新上传'
const DOWNLOAD_FAILED = '下载失败：网络连接中断，请检查网络后重试'

function networkError(message = NETWORK_ERROR_MESSAGE) {
  return new ApiError({ status: 0, code: 'network_error', message, fields: {} })
}

/** wx.uploadFile answers with a string body: read it as JSON when it is JSON. */
function parseBody(data) {
  if (typeof data !== 'string') return data
  if (!data) return ''
  try {
    return JSON.parse(data)
  } catch (e) {
    return data
  }
}

function authHeader(token) {
  const header = { Accept: 'application/json' }
  if (token) header.Authorization = `Bearer ${token}`
  return header
}

/**
 * One multipart upload: resolves with {statusCode, data (parsed)}; reports progress
 * (0-100) from the UploadTask's onProgressUpdate.
 */
function sendUpload(path, { filePath, name = 'file', formData = {}, onProgress }, token) {
  return new Promise((resolve, reject) => {
    const task = wx.uploadFile({
      url: config.apiBaseUrl() + path,
      filePath,
      name,
      formData,
      header: authHeader(token),
      timeout: config.uploadTimeoutMs,
      success: (res) => resolve({ statusCode: res.statusCode, data: parseBody(res.data) }),
      fail: () => reject(networkError(UPLOAD_FAILED)),
    })
    if (onProgress && task && typeof task.onProgressUpdate === 'function') {
      task.onProgressUpdate((p) => onProgress(p && typeof p.progress === 'number' ? p.progress : 0))
    }
  })
}

/**
 * A refused download leaves the server's error body ({"code","message"}) in the temporary
 * file: read it, so the refusal shows the server's own message ('' when unreadable).
 */
function downloadedErrorBody(res) {
  if (isOk(res) || !res.tempFilePath || typeof wx.getFileSystemManager !== 'function') return ''
  try {
    return parseBody(wx.getFileSystemManager().readFileSync(res.tempFilePath, 'utf8'))
  } catch (e) {
    return ''
  }
}

/** One download to a temporary file: resolves with {statusCode, tempFilePath, data (an error body)}. */
function sendDownload(path, token) {
  return new Promise((resolve, reject) => {
    wx.downloadFile({
      url: config.apiBaseUrl() + path,
      header: authHeader(token),
      timeout: config.uploadTimeoutMs,
      success: (res) => resolve({
        statusCode: res.statusCode, tempFilePath: res.tempFilePath, data: downloadedErrorBody(res),
      }),
      fail: () => reject(networkError(DOWNLOAD_FAILED)),
    })
  })
}

function resultOf(res) {
  return res.statusCode === 204 || res.data === '' ? null : res.data
}

function currentRoute() {
  if (typeof getCurrentPages !== 'function') return ''
  const pages = getCurrentPages()
  const top = pages && pages[pages.length - 1]
  return (top && top.route) || ''
}

/**
 * Open the login page over the current page (unless already there): the pages below keep their
 * state, and the login page goes back to them. With no page below (or a full stack), in place.
 */
function goToLogin() {
  if (`/${currentRoute()}` === LOGIN_PAGE) return
  const url = `${LOGIN_PAGE}?back=1`
  wx.navigateTo({ url, fail: () => wx.redirectTo({ url: LOGIN_PAGE, fail: () => wx.reLaunch({ url: LOGIN_PAGE }) }) })
}

function wxLogin() {
  return new Promise((resolve, reject) => {
    wx.login({
      success: (res) => (res && res.code ? resolve(res.code) : reject(new Error('wx.login gave no code'))),
      fail: reject,
    })
  })
}

/**
 * Log in again with WeChat. Resolves true when a new token is stored,
 * false when the user must log in by hand (they have been sent to the login page).
 */
async function doRelogin() {
  if (session.isLoggedOut()) {
    goToLogin()
    return false
  }
  let code
  try {
    code = await wxLogin()
  } catch (e) {
    session.clearToken()
    goToLogin()
    return false
  }
  let res
  try {
    res = await send('POST', '/api/v1/sessions/wechat', { code }, '')
  } catch (e) {
    return false // network failure: the caller shows the original error
  }
  const body = res.data || {}
  if (isOk(res) && body.status === 'logged_in' && body.token) {
    session.saveSession(body)
    return true
  }
  session.clearToken()
  if (isOk(res) && body.status === 'bind_required') {
    session.setBindTicket(body.bind_ticket, body.bind_ticket_expires_at)
  }
  goToLogin()
  return false
}

let reloginInFlight = null

/** One re-login at a time: concurrent callers share the same promise. */
function relogin() {
  if (!reloginInFlight) {
    reloginInFlight = doRelogin().then(
      (ok) => { reloginInFlight = null; return ok },
      (err) => { reloginInFlight = null; throw err },
    )
  }
  return reloginInFlight
}

/**
 * Run one exchange `exchange(token)` with the token, the error shape and the
 * 401 -> re-login -> retry-once path. Resolves with the 2xx answer.
 * auth=false: no Authorization header and no re-login (login/register calls).
 * relogin=false: a 401 is passed on as it is (logout).
 */
async function perform(exchange, { auth = true, relogin: mayRetry = true } = {}) {
  const mayRelogin = auth && mayRetry !== false
  const token = auth ? session.getToken() : ''
  const res = await exchange(token)
  if (isOk(res)) return res
  const err = toError(res)
  if (!mayRelogin || err.status !== 401 || err.code !== 'not_logged_in') throw err

  // Another request may have logged in again meanwhile: then just retry.
  const current = session.getToken()
  if (!current || current === token) {
    const ok = await relogin()
    if (!ok) throw err
  }
  const retried = await exchange(session.getToken())
  if (isOk(retried)) return retried
  throw toError(retried) // never a second re-login
}

/** request(method, path, {data, auth = true, relogin = true}): a JSON exchange. */
async function request(method, path, options = {}) {
  const res = await perform((token) => send(method, path, options.data, token), options)
  return resultOf(res)
}

/**
 * upload(path, {filePath, name, formData, onProgress}): a multipart upload with
 * wx.uploadFile; resolves with the JSON answer.
 */
async function upload(path, options) {
  const res = await perform((token) => sendUpload(path, options, token))
  return resultOf(res)
}

/** download(path): the file in a temporary path (wx.downloadFile); resolves with that path. */
async function download(path) {
  const res = await perform((token) => sendDownload(path, token))
  return res.tempFilePath
}

const APPLICATION = '/api/v1/applications/current'
const PAYMENT = `${APPLICATION}/payment`

/** The server's operations, one function each. */
const endpoints = {
  sendSmsCode: (phone, purpose) => request('POST', '/api/v1/sms-codes', {
    data: { phone, purpose },
    auth: purpose === 'change_phone' || purpose === 'delete_account',
  }),
  register: (body) => request('POST', '/api/v1/accounts', { data: body, auth: false }),
  loginWithPassword: (body) => request('POST', '/api/v1/sessions/password', { data: body, auth: false }),
  loginWithSms: (body) => request('POST', '/api/v1/sessions/sms', { data: body, auth: false }),
  loginWithWechat: (code) => request('POST', '/api/v1/sessions/wechat', { data: { code }, auth: false }),
  logout: () => request('DELETE', '/api/v1/sessions/current', { relogin: false }),
  getMe: () => request('GET', '/api/v1/me'),
  changePassword: (body) => request('POST', '/api/v1/me/password', { data: body }),
  changePhone: (body) => request('POST', '/api/v1/me/phone', { data: body }),
  resetPassword: (body) => request('POST', '/api/v1/password-resets', { data: body, auth: false }),
  // {password} or {sms_code}: refused (409) once an application was submitted.
  deleteAccount: (body) => request('DELETE', '/api/v1/accounts/me', { data: body, relogin: false }),
  getLegalIndex: () => request('GET', '/api/v1/legal', { auth: false }),
  getLegalDocument: (key) => request('GET', `/api/v1/legal/${encodeURIComponent(key)}`, { auth: false }),
  getCurrentBatch: () => request('GET', '/api/v1/batches/current'),

  // The application (专家申报) of the current batch.
  getApplication: () => request('GET', APPLICATION),
  // 200 with the application and field_problems {"basic.id_number": message} for what was not stored.
  saveSection: (section, body) => request('PUT', `${APPLICATION}/${section}`, { data: body }),
  addCertificate: (body) => request('POST', `${APPLICATION}/certificates`, { data: body }),
  updateCertificate: (id, body) => request('PUT', `${APPLICATION}/certificates/${encodeURIComponent(id)}`, { data: body }),
  deleteCertificate: (id) => request('DELETE', `${APPLICATION}/certificates/${encodeURIComponent(id)}`),
  addAvoidanceUnit: (body) => request('POST', `${APPLICATION}/avoidance-units`, { data: body }),
  updateAvoidanceUnit: (id, body) => request('PUT', `${APPLICATION}/avoidance-units/${encodeURIComponent(id)}`, { data: body }),
  deleteAvoidanceUnit: (id) => request('DELETE', `${APPLICATION}/avoidance-units/${encodeURIComponent(id)}`),
  renewalPrefill: () => request('POST', `${APPLICATION}/renewal-prefill`),
  getProblems: () => request('GET', `${APPLICATION}/problems`),
  submitApplication: () => request('POST', `${APPLICATION}/submit`),
  checkSpecialties: (selection) => request('POST', `${APPLICATION}/specialties/check`, {
    data: { primary: selection.primary || [], alternate: selection.alternate || [] },
  }),
  createDesktopUploadCode: (slot) => request('POST', `${APPLICATION}/desktop-upload-codes`, { data: { slot } }),
  downloadCommitmentLetter: () => download(`${APPLICATION}/commitment-letter.pdf`),

  // The review (资料提交审核 → 待审核 → 审核通过 / 已驳回; 撤回).
  getReviewSheet: () => request('GET', `${APPLICATION}/review-sheet`),
  downloadReviewSheet: () => download(`${APPLICATION}/review-sheet.pdf`),
  // The signed sheet photographed page by page: the photos' file ids (kind signed_sheet_page) in page
  // order; the server builds the PDF and keeps it as the signed scan (200 with the application).
  putSignedSheetPhotos: (pageFileIds) => request('PUT', `${APPLICATION}/signed-sheet/photos`, {
    data: { page_file_ids: pageFileIds },
  }),
  submitForReview: (signedSheetFileId) => request('POST', `${APPLICATION}/submit-for-review`, {
    data: { signed_sheet_file_id: signedSheetFileId },
  }),
  withdrawApplication: () => request('POST', `${APPLICATION}/withdraw`),

  // Notices (培训、考试通知), the consultation contacts, the exam result and the admission letter.
  getNotices: () => request('GET', '/api/v1/notices'),
  getNotice: (id) => request('GET', `/api/v1/notices/${encodeURIComponent(id)}`),
  markNoticeRead: (id) => request('POST', `/api/v1/notices/${encodeURIComponent(id)}/read`),
  downloadNoticeAttachment: (noticeId, attachmentId) => download(
    `/api/v1/notices/${encodeURIComponent(noticeId)}/attachments/${encodeURIComponent(attachmentId)}`,
  ),
  // My prefecture's contacts and the hotlines; another prefecture's with its code.
  getContacts: (prefectureCode) => request('GET', prefectureCode
    ? `/api/v1/contacts?prefecture_code=${encodeURIComponent(prefectureCode)}` : '/api/v1/contacts'),
  // My latest exam result (in any batch) and, once admitted, the admission letter (入库通知书).
  getExamResult: () => request('GET', '/api/v1/exam-result'),
  downloadAdmissionLetter: () => download('/api/v1/exam-result/admission-letter.pdf'),
  // The fee (网上缴费): why and from when, the invoice title, orders, the result, the documents.
  getPayment: () => request('GET', PAYMENT),
  saveInvoiceRequest: (body) => request('PUT', `${PAYMENT}/invoice-request`, { data: body }),
  // {channel: 'jsapi'} → request_payment for wx.requestPayment; {channel: 'native'} → the QR code.
  startPayment: (channel) => request('POST', `${PAYMENT}/orders`, { data: { channel } }),
  getOrder: (outTradeNo) => request('GET', `${PAYMENT}/orders/${encodeURIComponent(outTradeNo)}`),
  checkOrder: (outTradeNo) => request('POST', `${PAYMENT}/orders/${encodeURIComponent(outTradeNo)}/check`),
  downloadReceipt: () => download(`${PAYMENT}/receipt.pdf`),
  downloadInvoice: (id) => download(`${PAYMENT}/invoices/${encodeURIComponent(id)}`),

  // Files and reference data.
  // formData {kind}, plus the original file name when the phone knows it (a PDF from a chat):
  // the multipart file name wx.uploadFile sends is a temporary one.
  uploadFile: ({
    filePath, kind, originalName, onProgress,
  }) => upload('/api/v1/files', {
    filePath, name: 'file', formData: originalName ? { kind, name: originalName } : { kind }, onProgress,
  }),
  downloadStoredFile: (id) => download(`/api/v1/files/${encodeURIComponent(id)}`),
  getSubscriptions: () => request('GET', '/api/v1/message-subscriptions'),
  reportSubscriptions: (answers) => request('POST', '/api/v1/message-subscriptions', { data: { answers } }),
  getOfficialAccount: () => request('GET', '/api/v1/me/official-account'),
  createBindingCode: () => request('POST', '/api/v1/me/official-account/binding-code'),
  getSpecialtyCatalog: () => request('GET', '/api/v1/reference/specialties'),
  getOptions: () => request('GET', '/api/v1/reference/options'),
  getFormRules: () => request('GET', '/api/v1/reference/rules', { auth: false }),
  getUploadLimits: () => request('GET', '/api/v1/files/limits', { auth: false }),
}

module.exports = {
  ApiError,
  LOGIN_PAGE,
  NETWORK_ERROR_MESSAGE,
  UPLOAD_FAILED,
  DOWNLOAD_FAILED,
  request,
  upload,
  download,
  wxLogin,
  ...endpoints,
}
