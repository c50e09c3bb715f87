/**
 * Shared client state, kept in wx storage so it survives restarts.
 * Pages use this module instead of getApp().globalData.
 *
 * - the session token (sent as "Authorization: Bearer <token>") and its expiry
 * - the last known account (id, username, masked phone, wechat_bound)
 * - the WeChat bind ticket issued when a WeChat login needs an account to bind
 * - a "logged out" flag: after an explicit logout, no silent WeChat re-login
 */
const { parseIso } = require('./time')

const KEYS = {
  token: 'auth_token',
  expiresAt: 'auth_expires_at',
  account: 'auth_account',
  bindTicket: 'wechat_bind_ticket',
  loggedOut: 'auth_logged_out',
}

function getToken() {
  return wx.getStorageSync(KEYS.token) || ''
}

function getAccount() {
  return wx.getStorageSync(KEYS.account) || null
}

function setAccount(account) {
  if (account) wx.setStorageSync(KEYS.account, account)
  else wx.removeStorageSync(KEYS.account)
}

/** Store a Session answer: {token, expires_at, account}. */
function saveSession(sessionData) {
  wx.setStorageSync(KEYS.token, sessionData.token)
  wx.setStorageSync(KEYS.expiresAt, sessionData.expires_at || '')
  if (sessionData.account) setAccount(sessionData.account)
  wx.removeStorageSync(KEYS.loggedOut)
}

/** Forget the token (e.g. it was refused), keep everything else. */
function clearToken() {
  wx.removeStorageSync(KEYS.token)
  wx.removeStorageSync(KEYS.expiresAt)
}

/** Explicit logout: forget token and account, no silent WeChat re-login. */
function logout() {
  clearToken()
  setAccount(null)
  wx.setStorageSync(KEYS.loggedOut, true)
}

function isLoggedOut() {
  return wx.getStorageSync(KEYS.loggedOut) === true
}

function setBindTicket(ticket, expiresAt) {
  if (!ticket) return clearBindTicket()
  wx.setStorageSync(KEYS.bindTicket, { ticket, expiresAt: expiresAt || '' })
  return undefined
}

/** The stored bind ticket, or '' when there is none or it has expired. */
function getBindTicket() {
  const stored = wx.getStorageSync(KEYS.bindTicket)
  if (!stored || !stored.ticket) return ''
  if (stored.expiresAt) {
    const expires = parseIso(stored.expiresAt)
    if (!Number.isNaN(expires) && expires <= Date.now()) {
      clearBindTicket()
      return ''
    }
  }
  return stored.ticket
}

function clearBindTicket() {
  wx.removeStorageSync(KEYS.bindTicket)
}

/** Add the stored bind ticket (if any) to a login/register body. */
function withBindTicket(body) {
  const ticket = getBindTicket()
  return ticket ? { ...body, bind_ticket: ticket } : body
}

/**
 * The server refused the bind ticket sent along (err.fields.bind_ticket): forget it.
 * True when it did, so the page can drop its "bind required" notice.
 */
function dropRefusedBindTicket(err) {
  if (!(err && err.fields && err.fields.bind_ticket)) return false
  clearBindTicket()
  return true
}

module.exports = {
  KEYS,
  getToken,
  getAccount,
  setAccount,
  saveSession,
  clearToken,
  logout,
  isLoggedOut,
  setBindTicket,
  getBindTicket,
  clearBindTicket,
  withBindTicket,
  dropRefusedBindTicket,
}
