/**
 * Register an account: username, password (twice), phone and its SMS code.
 * A pending WeChat bind ticket is sent along, so the new account is bound.
 */
const api = require('../../../utils/api')
const session = require('../../../utils/session')
const validate = require('../../../utils/validate')
const { PAGES } = require('../../../utils/nav')
const formBehavior = require('../../../behaviors/form')
const smsBehavior = require('../../../behaviors/sms-code')

function trim(value) {
  return String(value || '').trim()
}

Component({
  behaviors: [formBehavior, smsBehavior],

  data: {
    form: {
      username: '',
      password: '',
      confirm_password: '',
      phone: '',
      sms_code: '',
    },
    smsPurpose: 'register',
    bindRequired: false,
  },

  methods: {
    onLoad() {
      this.setData({ bindRequired: !!session.getBindTicket() })
    },

    async onSubmit() {
      if (this.data.submitting) return
      const { form } = this.data
      const values = {
        username: trim(form.username),
        password: form.password,
        confirm_password: form.confirm_password,
        phone: trim(form.phone),
        sms_code: trim(form.sms_code),
      }
      const errors = validate.validateFields(values, {
        username: (v) => validate.username(v),
        password: (v) => validate.password(v),
        confirm_password: (v, all) => validate.confirmPassword(v, all.password),
        phone: (v) => validate.phone(v),
        sms_code: (v) => validate.smsCode(v),
      })
      if (!this.applyClientErrors(errors)) return

      const body = {
        username: values.username,
        password: values.password,
        phone: values.phone,
        sms_code: values.sms_code,
      }
      const ticket = session.getBindTicket()
      if (ticket) body.bind_ticket = ticket

      this.setData({ submitting: true })
      try {
        const res = await api.register(body)
        session.saveSession(res)
        session.clearBindTicket()
        wx.showToast({ title: '注册成功', icon: 'success' })
        wx.reLaunch({ url: PAGES.home })
      } catch (err) {
        if (err.fields && err.fields.bind_ticket) {
          session.clearBindTicket()
          this.setData({ bindRequired: false })
        }
        this.showApiError(err)
      } finally {
        this.setData({ submitting: false })
      }
    },

    onGoLogin() {
      wx.navigateBack({ delta: 1, fail: () => wx.redirectTo({ url: PAGES.login }) })
    },
  },
})
