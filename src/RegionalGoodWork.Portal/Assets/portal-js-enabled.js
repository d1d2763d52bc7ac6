// GOV.UK Frontend's page template sets these classes before the body renders (its inline script), so styles meant for
// JavaScript apply without a flash. Served as a file: the platform serves no inline script.
document.body.className += ' js-enabled' + ('noModule' in HTMLScriptElement.prototype ? ' govuk-frontend-supported' : '');
