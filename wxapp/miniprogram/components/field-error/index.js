/**
 * The message for one form field, shown under its input; nothing when empty.
 * <field-error message="{{errors.phone}}"/>
 */
Component({
  properties: {
    message: { type: String, value: '' },
  },
})
