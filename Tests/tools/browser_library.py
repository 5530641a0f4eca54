#!/usr/bin/env python3
"""Drives headless Chromium (Selenium with Debian's chromedriver) through a reader's library
as a person would: sign in by the emailed link, save and rate papers on the trending page,
rename a collection, import a BibTeX file, sign out. Prints what it saw as JSON.

Usage: browser_library.py BASE_URL MAILDIR BIBTEX_FILE CHROMIUM CHROMEDRIVER"""
import email, email.policy, glob, json, os, re, sys

from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.common.exceptions import WebDriverException
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions
from selenium.webdriver.support.ui import WebDriverWait

base, maildir, bibfile, chromium, chromedriver = sys.argv[1:6]


def sign_in_link(_driver):
    """The sign-in link of the newest mail in the Maildir, once there is one."""
    for path in sorted(glob.glob(os.path.join(maildir, "new", "*")), key=os.path.getmtime, reverse=True):
        with open(path, "rb") as f:
            message = email.message_from_bytes(f.read(), policy=email.policy.default)
        if message["Subject"] != "Sign in to Paperboy":
            continue
        text = message.get_body(preferencelist=("plain",)).get_content()
        found = re.search(r"https?://\S+/signin/verify\?\S+", text)
        if found:
            return found.group(0)
    return False


def replaced(page):
    """A wait condition: the page's root element is gone. chromedriver reports a node caught
    in the middle of the navigation as "does not belong to the document" rather than as
    stale; that means gone too."""
    def condition(_driver):
        try:
            return expected_conditions.staleness_of(page)(_driver)
        except WebDriverException as error:
            if "does not belong to the document" in str(error):
                return True
            raise
    return condition


def submit(button):
    """Clicks a button that submits its form, and waits until the next page has replaced this one."""
    page = driver.find_element(By.TAG_NAME, "html")
    button.click()
    wait.until(replaced(page))


options = webdriver.ChromeOptions()
options.binary_location = chromium
for argument in ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--window-size=1280,1400"]:
    options.add_argument(argument)
driver = webdriver.Chrome(service=Service(executable_path=chromedriver), options=options)
wait = WebDriverWait(driver, 60, poll_frequency=0.1)
seen = {}
try:
    driver.get(base + "/library")
    seen["redirected"] = driver.current_url
    driver.find_element(By.ID, "email").send_keys("reader@example.org")
    submit(driver.find_element(By.XPATH, "//button[text()='Email me a sign-in link']"))
    seen["asked"] = driver.find_element(By.TAG_NAME, "h1").text
    link = wait.until(sign_in_link)
    driver.get(link)
    seen["verify_heading"] = driver.find_element(By.TAG_NAME, "h1").text
    submit(driver.find_element(By.XPATH, "//button[text()='Sign in']"))
    seen["after_sign_in"] = driver.current_url
    seen["session_cookie"] = {c["name"]: {"httpOnly": c.get("httpOnly"), "sameSite": c.get("sameSite")} for c in driver.get_cookies()}.get("paperboy_session")

    driver.get(base + "/?window=month")
    first = driver.find_elements(By.CSS_SELECTOR, "li.card")[0]
    seen["saved_title"] = first.find_element(By.CSS_SELECTOR, "h3 a").text
    submit(first.find_element(By.XPATH, ".//button[contains(., 'Save')]"))
    seen["first_card_after_save"] = driver.find_elements(By.CSS_SELECTOR, "li.card")[0].find_element(By.CSS_SELECTOR, ".mine").text
    second = driver.find_elements(By.CSS_SELECTOR, "li.card")[1]
    seen["liked_title"] = second.find_element(By.CSS_SELECTOR, "h3 a").text
    submit(second.find_element(By.CSS_SELECTOR, "button[aria-label='More like this']"))
    seen["second_pressed"] = driver.find_elements(By.CSS_SELECTOR, "li.card")[1] \
        .find_element(By.CSS_SELECTOR, "button[aria-label='More like this']").get_attribute("aria-pressed")

    driver.get(base + "/library?collection=Saved")
    seen["library_titles"] = [e.text for e in driver.find_elements(By.CSS_SELECTOR, "li.card h3 a")]
    field = driver.find_element(By.ID, "rename-to")
    field.clear()
    field.send_keys("My reading list")
    submit(driver.find_element(By.XPATH, "//button[text()='Rename']"))
    seen["after_rename"] = driver.current_url
    seen["collections"] = [e.text for e in driver.find_elements(By.CSS_SELECTOR, "ul.collections a")]

    driver.find_element(By.ID, "import-file").send_keys(bibfile)
    into = driver.find_element(By.ID, "import-collection")
    into.clear()
    into.send_keys("From Zotero")
    submit(driver.find_element(By.XPATH, "//button[text()='Import']"))
    seen["import_report"] = driver.find_element(By.CSS_SELECTOR, "section[aria-label='Import report'] h2").text
    seen["unmatched"] = [e.get_attribute("textContent") for e in driver.find_elements(By.CSS_SELECTOR, "ul.unmatched li")]
    seen["imported_titles"] = [e.text for e in driver.find_elements(By.CSS_SELECTOR, "li.card h3 a")]

    driver.get(base + "/for-you?window=month")
    seen["for_you_heading"] = driver.find_element(By.TAG_NAME, "h1").text
    seen["for_you_cards"] = len(driver.find_elements(By.CSS_SELECTOR, "li.card"))
    seen["for_you_reasons"] = len(driver.find_elements(By.CSS_SELECTOR, "p.reason"))

    driver.get(base + "/account")
    submit(driver.find_element(By.XPATH, "//button[text()='Sign out']"))
    seen["after_sign_out"] = driver.current_url
    driver.get(base + "/library")
    seen["library_after_sign_out"] = driver.current_url
finally:
    driver.quit()
print(json.dumps(seen))
