/**
 * Form behaviour shared by the pages with inputs.
 *
 * A page keeps its input values in data.form ({field: value}), and the
 * per-field messages in data.errors ({field: message}); each input is shown
 * with <field-error message="{{errors.field}}"/> under it. formError holds
 * messages for fields the page has no input for (e.g. bind_ticket).
 *
 * Inputs: <input data-field="phone" value="{{form.phone}}" bindinput="onInput"/>
 */
module.exports = Behavior({
  data: {
    errors: {},
    formError: '',
    submitting: false,
  },
  methods: {
    onInput(e) {
      const { field } = e.currentTarget.dataset
      this.setData({
        [`form.${field}`]: e.detail.value,
        [`errors.${field}`]: '',
        formError: '',
      })
    },

    /** Show client-side check results; true when there were none. */
    applyClientErrors(errors) {
      this.setData({ errors, formError: '' })
      return Object.keys(errors).length === 0
    },

    /**
     * Run a submission: data.submitting is set while `call` runs; when it throws,
     * onError(err) (if given) runs first, then the error is shown with showApiError.
     */
    async runSubmit(call, onError) {
      this.setData({ submitting: true })
      try {
        await call()
      } catch (err) {
        if (onError) onError(err)
        this.showApiError(err)
      } finally {
        this.setData({ submitting: false })
      }
    },

    /** Show a server error: message as a toast, fields[name] under each input. */
    showApiError(err) {
      const fields = (err && err.fields) || {}
      const known = Object.keys(this.data.form || {})
      const errors = {}
      const others = []
      Object.keys(fields).forEach((name) => {
        if (known.indexOf(name) >= 0) errors[name] = fields[name]
        else others.push(fields[name])
      })
      this.setData({ errors, formError: others.join('；') })
      wx.showToast({
        title: (err && err.message) || '操作失败，请稍后重试',
        icon: 'none',
        duration: 2500,
      })
    },
  },
})
