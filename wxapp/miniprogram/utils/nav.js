/** Page URLs and small navigation helpers. */
const {
  OVERVIEW_PAGE, DESKTOP_UPLOAD_PAGE, REVIEW_PAGE, ADMISSION_PAGE,
} = require('./application')

const PAGES = {
  home: '/pages/home/index',
  profile: '/pages/profile/index',
  login: '/pages/accounts/login/index',
  register: '/pages/accounts/register/index',
  forgotPassword: '/pages/accounts/forgot-password/index',
  changePassword: '/pages/profile/change-password/index',
  changePhone: '/pages/profile/change-phone/index',
  deleteAccount: '/pages/profile/delete-account/index',
  legal: '/pages/legal/index',
  notices: '/pages/notices/index',
  notice: '/pages/notices/detail/index',
  help: '/pages/help/index',
  admission: ADMISSION_PAGE,
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

/**
 * After a login or a registration: back to the page the applicant was on when the login was
 * asked for (the pages under the account pages keep their input), else the home page afresh.
 */
function leaveAccountPages() {
  const pages = typeof getCurrentPages === 'function' ? getCurrentPages() : []
  let delta = 0
  while (delta < pages.length && /^pages\/accounts\//.test(pages[pages.length - 1 - delta].route || '')) delta += 1
  if (delta > 0 && delta < pages.length) wx.navigateBack({ delta })
  else wx.reLaunch({ url: PAGES.home })
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
  PAGES, backOr, replaceWith, leaveAccountPages, confirm, decodeOption,
}
