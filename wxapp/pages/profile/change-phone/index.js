/** Change the account's phone: the new number and the SMS code sent to it. */
const api = require('../../../utils/api')
const session = require('../../../utils/session')
const validate = require('../../../utils/validate')
const { PAGES, backOr } = require('../../../utils/nav')
const formBehavior = require('../../../behaviors/form')
const smsBehavior = require('../../../behaviors/sms-code')

function trim(value) {
  return String(value || '').trim()
}

Component({
  behaviors: [formBehavior, smsBehavior],

  data: {
    form: {
      phone: '',
      sms_code: '',
    },
    smsPurpose: 'change_phone',
    currentPhone: '',
  },

  methods: {
    onLoad() {
      const account = session.getAccount()
      this.setData({ currentPhone: (account && account.phone) || '' })
    },

    async onSubmit() {
      if (this.data.submitting) return
      const values = { phone: trim(this.data.form.phone), sms_code: trim(this.data.form.sms_code) }
      const errors = validate.validateFields(values, {
        phone: (v) => validate.phone(v, '新手机号'),
        sms_code: (v) => validate.smsCode(v),
      })
      if (!this.applyClientErrors(errors)) return

      this.setData({ submitting: true })
      try {
        const account = await api.changePhone(values)
        session.setAccount(account)
        this.setData({ currentPhone: account.phone })
        wx.showToast({ title: '手机号已修改', icon: 'success' })
        backOr(PAGES.profile)
      } catch (err) {
        this.showApiError(err)
      } finally {
        this.setData({ submitting: false })
      }
    },
  },
})
