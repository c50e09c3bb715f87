/**
 * Mini-program configuration.
 *
 * apiBaseUrl: where the Flask server answers. The default is a server started
 * locally with `make run` (http://127.0.0.1:5000). For DevTools with a local
 * http server, keep "不校验合法域名" (project.config.json setting.urlCheck=false).
 * A real release must use the https domain configured as a request domain
 * (request合法域名) in the mini-program admin console.
 *
 * requestTimeoutMs: wx.request timeout in milliseconds.
 * uploadTimeoutMs: wx.uploadFile / wx.downloadFile timeout in milliseconds (a 10 MB
 * scan on a slow phone connection needs more than a JSON call).
 * A release must also list apiBaseUrl as uploadFile and downloadFile 合法域名.
 */
module.exports = {
  apiBaseUrl: 'http://127.0.0.1:5000',
  requestTimeoutMs: 15000,
  uploadTimeoutMs: 120000,
}
