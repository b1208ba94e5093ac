// An instructor's own data in the browser: on the account page, a bad CSV shows its row and column
// at once; an uploaded .csv file is previewed (the numbers in words, the first rows, a plot per
// feature), saved, renamed, kept across a reload and deleted after a confirmation. The section
// passes axe in English and Chinese, and the page reports no errors.
import { beforeAll, describe, expect, it } from "vitest";
import { expectAccessible, switchLanguage } from "./axe";
import { instructorContext, screenshot, serverAndBrowser, watchPageProblems } from "./harness";
import { LONG } from "./phone";
import { HOUSING_CSV } from "../helpers/dataset-fixtures";

const running = serverAndBrowser();
let pageProblems: { list(): string[] };
beforeAll(async () => {
  pageProblems = await watchPageProblems(running.browser);
});

const STABLE_SENTENCE = "With raw features only rates below 6.29e-5 are stable; standardised, up to 0.633.";

describe("datasets on the account page", () => {
  it("previews an uploaded CSV, saves, renames and deletes it; a bad CSV names row and column", async ({
    onTestFailed,
  }) => {
    const { server, browser } = running;
    const { context } = await instructorContext(browser, server);
    const page = await context.newPage();
    onTestFailed(async () => {
      await screenshot(page, "datasets-failure").catch(() => undefined);
      console.error(server.output());
    });
    await page.goto(`${server.url}/account`);
    const section = page.locator("#datasets");
    await section.getByRole("heading", { name: "Datasets" }).waitFor(LONG);
    await section.getByText("No datasets yet. Paste or upload a CSV below.").waitFor(LONG);

    // Pasted text with 'abc' in the sixth data row: row 7 (the header is row 1), said before sending.
    const csvField = page.getByLabel("CSV text");
    await csvField.fill(HOUSING_CSV.replace("104,3,60", "104,abc,60"));
    await expect
      .poll(() => section.getByTestId("form-error").textContent(), LONG)
      .toBe("row 7, column 'rooms': 'abc' is not a number");
    await page.getByLabel("Name", { exact: true }).fill("Broken");
    expect(await page.getByRole("button", { name: "Save dataset" }).isDisabled()).toBe(true);
    await csvField.fill("");
    await page.getByLabel("Name", { exact: true }).fill("");

    // A .csv file: its name becomes the dataset's, and the preview says what rates will work.
    await page.getByLabel("Or upload a .csv file").setInputFiles({
      name: "housing.csv",
      mimeType: "text/csv",
      buffer: Buffer.from(HOUSING_CSV),
    });
    const summary = section.getByTestId("dataset-summary");
    await summary.waitFor(LONG);
    expect(await summary.locator("p").first().textContent()).toBe(STABLE_SENTENCE);
    expect(await page.getByLabel("Name", { exact: true }).inputValue()).toBe("housing");
    expect(await section.getByText("The first 5 rows of 12").count()).toBe(1);
    expect(await section.getByTestId("feature-scatter").count()).toBe(3);
    await section.getByRole("img", { name: "rooms against price: 12 points" }).waitFor(LONG);
    expect(await section.getByTestId("form-error").count()).toBe(0);
    await screenshot(page, "datasets-preview");
    await expectAccessible(page, "dataset preview (en)");
    await switchLanguage(page, "zh-CN");
    await expect
      .poll(() => summary.locator("p").first().textContent(), LONG)
      .toBe("使用原始特征时，只有低于 6.29e-5 的学习率是稳定的；标准化后，可达 0.633。");
    await expectAccessible(page, "dataset preview (zh-CN)");
    await switchLanguage(page, "en");

    await page.getByRole("button", { name: "Save dataset" }).click();
    await expect.poll(() => section.getByTestId("datasets-status").textContent(), LONG).toBe("Saved “housing”.");
    const item = section.getByTestId("dataset-item");
    expect(await item.getByTestId("dataset-name").textContent()).toBe("housing");
    expect(await item.textContent()).toContain("12 rows · 3 features · label “price”");
    // The form is empty again for the next one.
    expect(await csvField.inputValue()).toBe("");

    // Rename, and start from another bias: the stored dataset's own preview follows.
    await item.getByRole("button", { name: "Edit housing" }).click();
    await item.getByLabel("Name", { exact: true }).fill("Flats in town");
    await item.getByLabel("Bias").fill("100");
    await item.getByRole("button", { name: "Save changes" }).click();
    await expect
      .poll(() => section.getByTestId("datasets-status").textContent(), LONG)
      .toBe("Changes to “Flats in town” saved.");
    await page.reload();
    await section.getByTestId("dataset-name").getByText("Flats in town").waitFor(LONG);
    await section.getByRole("button", { name: "Preview Flats in town" }).click();
    await section.getByTestId("dataset-item").getByTestId("dataset-summary").waitFor(LONG);
    expect(
      await section.getByTestId("dataset-item").getByTestId("dataset-summary").locator("p").first().textContent(),
    ).toBe(STABLE_SENTENCE);
    await expectAccessible(page, "saved dataset (en)");

    // Delete asks first; Cancel keeps it, the dialog's Delete removes it.
    await section.getByRole("button", { name: "Delete Flats in town" }).click();
    const dialog = page.getByRole("alertdialog", { name: "Delete “Flats in town”?" });
    await dialog.waitFor(LONG);
    await dialog.getByRole("button", { name: "Cancel" }).click();
    expect(await section.getByTestId("dataset-item").count()).toBe(1);
    await section.getByRole("button", { name: "Delete Flats in town" }).click();
    await dialog.getByTestId("confirm-action").click();
    await expect
      .poll(() => section.getByTestId("datasets-status").textContent(), LONG)
      .toBe("Deleted “Flats in town”.");
    await section.getByText("No datasets yet. Paste or upload a CSV below.").waitFor(LONG);
    await page.reload();
    await section.getByText("No datasets yet. Paste or upload a CSV below.").waitFor(LONG);

    expect(pageProblems.list()).toEqual([]);
    await context.close();
  });
});
