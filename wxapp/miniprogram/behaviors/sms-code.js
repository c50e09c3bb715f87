/**
 * "获取验证码" button with a countdown, for pages that have data.form.phone.
 * The page sets data.smsPurpose: register | login | reset_password | change_phone.
 * Includes the form behaviour (onInput, showApiError, runSubmit …), so a page lists
 * only this one. smsValues() gives the trimmed phone and sms_code to check with
 * validate.smsRules().
 *
 * WXML: <button disabled="{{smsCountdown > 0 || smsSending}}" bindtap="onSendSmsCode">
 *         {{smsCountdown > 0 ? smsCountdown + '秒后重新获取' : '获取验证码'}}</button>
 */
const api = require('../utils/api')
const validate = require('../utils/validate')
const formBehavior = require('./form')

const DEFAULT_COUNTDOWN = 60

module.exports = Behavior({
  behaviors: [formBehavior],

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
    /** The form's phone and sms_code, trimmed. */
    smsValues() {
      const form = this.data.form || {}
      return { phone: validate.trim(form.phone), sms_code: validate.trim(form.sms_code) }
    },

    async onSendSmsCode() {
      // Built-in buttons still fire when disabled in tests; guard here too.
      if (this.data.smsCountdown > 0 || this.data.smsSending) return
      const { phone } = this.smsValues()
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
