/** Page URLs and small navigation helpers. */
const { OVERVIEW_PAGE, DESKTOP_UPLOAD_PAGE, REVIEW_PAGE } = require('./application')

const PAGES = {
  home: '/pages/home/index',
  profile: '/pages/profile/index',
  login: '/pages/accounts/login/index',
  register: '/pages/accounts/register/index',
  forgotPassword: '/pages/accounts/forgot-password/index',
  changePassword: '/pages/profile/change-password/index',
  changePhone: '/pages/profile/change-phone/index',
  application: OVERVIEW_PAGE,
  desktopUpload: DESKTOP_UPLOAD_PAGE,
  review: REVIEW_PAGE,
}

/** A page option (query parameter) decoded; '' when absent, as given when malformed. */
function decodeOption(value) {
  if (typeof value !== 'string') return ''
  try {
    return decodeURIComponent(value)
  } catch (e) {
    return value
  }
}

/** Go back one page when there is one, else open `url` afresh. */
function backOr(url) {
  const depth = typeof getCurrentPages === 'function' ? getCurrentPages().length : 0
  if (depth > 1) wx.navigateBack({ delta: 1 })
  else wx.reLaunch({ url })
}

/**
 * Show `url` instead of the current page: back to it when it is the page underneath,
 * else in place of the current page (no stale page left behind).
 */
function replaceWith(url) {
  const pages = typeof getCurrentPages === 'function' ? getCurrentPages() : []
  const below = pages && pages.length > 1 ? pages[pages.length - 2] : null
  if (below && `/${below.route}` === url) wx.navigateBack({ delta: 1 })
  else wx.redirectTo({ url })
}

/** wx.openDocument as a promise: a downloaded PDF, with the menu to print or forward it. */
function openPdf(filePath) {
  return new Promise((resolve, reject) => {
    wx.openDocument({
      filePath, fileType: 'pdf', showMenu: true, success: resolve, fail: reject,
    })
  })
}

/** Promise form of wx.showModal; resolves true when the user confirms. */
function confirm(title, content) {
  return new Promise((resolve) => {
    wx.showModal({
      title,
      content,
      success: (res) => resolve(!!(res && res.confirm)),
      fail: () => resolve(false),
    })
  })
}

module.exports = {
  PAGES, backOr, replaceWith, openPdf, confirm, decodeOption,
}
