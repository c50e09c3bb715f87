/**
 * Register an account: username, password (twice), phone and its SMS code.
 * A pending WeChat bind ticket is sent along, so the new account is bound.
 */
const api = require('../../../utils/api')
const session = require('../../../utils/session')
const validate = require('../../../utils/validate')
const { PAGES } = require('../../../utils/nav')
const smsBehavior = require('../../../behaviors/sms-code')

Component({
  behaviors: [smsBehavior],

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
      if (this.data.submitting) return undefined
      const { form } = this.data
      const values = {
        username: validate.trim(form.username),
        password: form.password,
        confirm_password: form.confirm_password,
        ...this.smsValues(),
      }
      const errors = validate.validateFields(values, {
        username: (v) => validate.username(v),
        password: (v) => validate.password(v),
        confirm_password: (v, all) => validate.confirmPassword(v, all.password),
        ...validate.smsRules(),
      })
      if (!this.applyClientErrors(errors)) return undefined

      const body = session.withBindTicket({
        username: values.username,
        password: values.password,
        phone: values.phone,
        sms_code: values.sms_code,
      })

      return this.runSubmit(async () => {
        const res = await api.register(body)
        session.saveSession(res)
        session.clearBindTicket()
        wx.showToast({ title: '注册成功', icon: 'success' })
        wx.reLaunch({ url: PAGES.home })
      }, (err) => {
        if (session.dropRefusedBindTicket(err)) this.setData({ bindRequired: false })
      })
    },

    onGoLogin() {
      wx.navigateBack({ delta: 1, fail: () => wx.redirectTo({ url: PAGES.login }) })
    },
  },
})
