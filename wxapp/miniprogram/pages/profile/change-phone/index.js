/** Change the account's phone: the new number and the SMS code sent to it. */
const api = require('../../../utils/api')
const session = require('../../../utils/session')
const validate = require('../../../utils/validate')
const { PAGES, backOr } = require('../../../utils/nav')
const smsBehavior = require('../../../behaviors/sms-code')

Component({
  behaviors: [smsBehavior],

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
      if (this.data.submitting) return undefined
      const values = this.smsValues()
      const errors = validate.validateFields(values, validate.smsRules('新手机号'))
      if (!this.applyClientErrors(errors)) return undefined

      return this.runSubmit(async () => {
        const account = await api.changePhone(values)
        session.setAccount(account)
        this.setData({ currentPhone: account.phone })
        wx.showToast({ title: '手机号已修改', icon: 'success' })
        backOr(PAGES.profile)
      })
    },
  },
})
