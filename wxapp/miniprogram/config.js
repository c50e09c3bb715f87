/**
 * Mini-program configuration: which server the API client talks to.
 *
 * The base URL follows the version of the mini-program that runs
 * (wx.getAccountInfoSync().miniProgram.envVersion):
 * - develop: 开发版 (DevTools, 真机调试, 预览) — a server started with `make run` on this computer.
 *   For 真机调试 on a phone, put the computer's LAN address here (the phone cannot reach 127.0.0.1)
 *   and keep 不校验合法域名 on (project.config.json setting.urlCheck=false).
 * - trial: 体验版 — the staging server.
 * - release: 正式版 — the production server.
 * trial and release must be https domains listed in the admin console as request, uploadFile and
 * downloadFile 合法域名 (开发管理 → 开发设置 → 服务器域名); replace the placeholders below before
 * uploading a version for review.
 *
 * requestTimeoutMs: wx.request timeout; uploadTimeoutMs: wx.uploadFile / wx.downloadFile (a 10 MB
 * scan on a slow phone connection needs more than a JSON call).
 */
const API_BASE_URLS = {
  develop: 'http://127.0.0.1:5000',
  trial: 'https://trial-api.example.invalid',
  release: 'https://api.example.invalid',
}

/** The version running: develop, trial or release (develop when the platform does not say). */
function envVersion() {
  try {
    const info = wx.getAccountInfoSync()
    const version = info && info.miniProgram && info.miniProgram.envVersion
    return Object.prototype.hasOwnProperty.call(API_BASE_URLS, version) ? version : 'develop'
  } catch (e) {
    return 'develop'
  }
}

module.exports = {
  API_BASE_URLS,
  envVersion,
  /** The base URL of the running version (read at every call: tests switch versions). */
  apiBaseUrl: () => API_BASE_URLS[envVersion()],
  requestTimeoutMs: 15000,
  uploadTimeoutMs: 120000,
}
