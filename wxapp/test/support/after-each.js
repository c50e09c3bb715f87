// After every test: nothing the page did was refused by the strict wx stand-in.
afterEach(() => {
  const violations = (global.wx && global.wx.__violations) || []
  global.wx.__violations = []
  expect(violations).toEqual([])
})
