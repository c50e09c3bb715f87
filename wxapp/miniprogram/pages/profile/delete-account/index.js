/**
 * 注销账号: for an applicant who never submitted. Confirmed with the login password, or with an
 * SMS code sent to the account's own phone (purpose delete_account). The server refuses (409, in
 * Chinese) once an application was submitted; then the page shows why. After the deletion the
 * phone forgets the session and the page opens the login page afresh.
 */
const api = require('../../../utils/api')
const session = require('../../../utils/session')
const validate = require('../../../utils/validate')
const device = require('../../../utils/device')
const { PAGES, confirm } = require('../../../utils/nav')
const smsBehavior = require('../../../behaviors/sms-code')

const CONFIRM_TITLE = '注销账号'
const CONFIRM_TEXT = '注销后，账号、申报草稿和已上传的文件将全部删除，不能恢复。确定注销吗？'

Component({
  behaviors: [smsBehavior],

  data: {
    way: 'password',
    form: { password: '', phone: '', sms_code: '' },
    smsPurpose: 'delete_account',
    refused: '',
  },

  methods: {
    onSwitchWay(e) {
      this.setData({ way: e.currentTarget.dataset.way, errors: {}, formError: '' })
    },

    body() {
      if (this.data.way === 'password') {
        const message = validate.passwordPresent(this.data.form.password, '登录密码')
        return message ? { errors: { password: message } } : { body: { password: this.data.form.password } }
      }
      const values = this.smsValues()
      const errors = validate.validateFields(values, validate.smsRules())
      return validate.hasErrors(errors) ? { errors } : { body: { sms_code: values.sms_code } }
    },

    async onSubmit() {
      if (this.data.submitting) return
      const { errors, body } = this.body()
      if (!this.applyClientErrors(errors || {})) return
      if (!(await confirm(CONFIRM_TITLE, CONFIRM_TEXT))) return
      await this.runSubmit(async () => {
        try {
          await api.deleteAccount(body)
        } catch (err) {
          if (err.status === 409) this.setData({ refused: err.message })
          throw err
        }
        session.logout()
        await device.tell('账号已注销。', CONFIRM_TITLE)
        wx.reLaunch({ url: PAGES.login })
      })
    },
  },
})
