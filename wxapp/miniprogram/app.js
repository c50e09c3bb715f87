/**
 * Thin app entry. Shared state lives in utils/session.js (wx storage), not in
 * getApp().globalData, so pages stay testable outside WeChat.
 */
App({
  onLaunch() {},
})
