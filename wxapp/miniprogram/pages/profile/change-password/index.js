/**
 * Change the password. The server answers with a NEW session (the old token
 * stops working), which is stored at once.
 */
const api = require('../../../utils/api')
const session = require('../../../utils/session')
const validate = require('../../../utils/validate')
const { PAGES, backOr } = require('../../../utils/nav')
const formBehavior = require('../../../behaviors/form')

Component({
  behaviors: [formBehavior],

  data: {
    form: {
      old_password: '',
      new_password: '',
      confirm_password: '',
    },
  },

  methods: {
    async onSubmit() {
      if (this.data.submitting) return undefined
      const values = { ...this.data.form }
      const errors = validate.validateFields(values, {
        old_password: (v) => validate.passwordPresent(v, '原密码'),
        new_password: (v) => validate.password(v, '新密码'),
        confirm_password: (v, all) => validate.confirmPassword(v, all.new_password),
      })
      if (!this.applyClientErrors(errors)) return undefined

      return this.runSubmit(async () => {
        const res = await api.changePassword({
          old_password: values.old_password,
          new_password: values.new_password,
        })
        session.saveSession(res)
        wx.showToast({ title: '密码已修改', icon: 'success' })
        backOr(PAGES.profile)
      })
    },
  },
})
