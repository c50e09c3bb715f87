/** Reset a forgotten password with the phone's SMS code. */
const api = require('../../../utils/api')
const validate = require('../../../utils/validate')
const { PAGES, backOr } = require('../../../utils/nav')
const smsBehavior = require('../../../behaviors/sms-code')

Component({
  behaviors: [smsBehavior],

  data: {
    form: {
      phone: '',
      sms_code: '',
      new_password: '',
      confirm_password: '',
    },
    smsPurpose: 'reset_password',
  },

  methods: {
    async onSubmit() {
      if (this.data.submitting) return undefined
      const { form } = this.data
      const values = {
        ...this.smsValues(),
        new_password: form.new_password,
        confirm_password: form.confirm_password,
      }
      const errors = validate.validateFields(values, {
        ...validate.smsRules(),
        new_password: (v) => validate.password(v, '新密码'),
        confirm_password: (v, all) => validate.confirmPassword(v, all.new_password),
      })
      if (!this.applyClientErrors(errors)) return undefined

      return this.runSubmit(async () => {
        await api.resetPassword({
          phone: values.phone,
          sms_code: values.sms_code,
          new_password: values.new_password,
        })
        wx.showToast({ title: '密码已重置，请重新登录', icon: 'none', duration: 2500 })
        backOr(PAGES.login)
      })
    },
  },
})
