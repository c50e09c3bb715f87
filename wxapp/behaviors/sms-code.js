/**
 * "获取验证码" button with a countdown, for pages that have data.form.phone.
 * The page sets data.smsPurpose: register | login | reset_password | change_phone.
 * Needs the form behaviour (showApiError).
 *
 * WXML: <button disabled="{{smsCountdown > 0 || smsSending}}" bindtap="onSendSmsCode">
 *         {{smsCountdown > 0 ? smsCountdown + '秒后重新获取' : '获取验证码'}}</button>
 */
const api = require('../utils/api')
const validate = require('../utils/validate')

const DEFAULT_COUNTDOWN = 60

module.exports = Behavior({
  data: {
    smsCountdown: 0,
    smsSending: false,
  },
  lifetimes: {
    detached() {
      this.stopSmsCountdown()
    },
  },
  methods: {
    async onSendSmsCode() {
      // Built-in buttons still fire when disabled in tests; guard here too.
      if (this.data.smsCountdown > 0 || this.data.smsSending) return
      const phone = String((this.data.form && this.data.form.phone) || '').trim()
      const message = validate.phone(phone)
      if (message) {
        this.setData({ 'errors.phone': message })
        return
      }
      this.setData({ smsSending: true, 'errors.phone': '' })
      try {
        const res = await api.sendSmsCode(phone, this.data.smsPurpose)
        this.startSmsCountdown((res && res.retry_after) || DEFAULT_COUNTDOWN)
        wx.showToast({ title: '验证码已发送', icon: 'success' })
      } catch (err) {
        this.showApiError(err)
      } finally {
        this.setData({ smsSending: false })
      }
    },

    startSmsCountdown(seconds) {
      this.stopSmsCountdown()
      this.setData({ smsCountdown: seconds })
      this._smsTimer = setInterval(() => {
        const left = this.data.smsCountdown - 1
        if (left <= 0) this.stopSmsCountdown()
        this.setData({ smsCountdown: Math.max(left, 0) })
      }, 1000)
    },

    stopSmsCountdown() {
      if (this._smsTimer) {
        clearInterval(this._smsTimer)
        this._smsTimer = null
      }
    },
  },
})
