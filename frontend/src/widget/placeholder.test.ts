test("the widget project runs", () => {
  expect(1).toBe(1);
});
